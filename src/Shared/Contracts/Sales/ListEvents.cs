using Mediator;

namespace EventOps.Shared.Contracts.Sales;

public sealed record EventSummaryInfo(long Id, long OrganizerId, string Slug, string Name, DateTimeOffset DateFrom);

/// <summary>Every event the staff admin may pick (all organizers), oldest first: pages of other modules need names for their event pickers.</summary>
public sealed record ListEvents : IRequest<IReadOnlyList<EventSummaryInfo>>;
