using Mediator;

namespace EventOps.Shared.Contracts.Checkin;

/// <summary>
/// A check-in list as a picker shows it (the door, a scanner set-up page). <c>SubEventId</c>: the one date of a series
/// the list admits, null for every date; an offline scanner refuses other dates with it.
/// </summary>
public sealed record CheckinListInfo(long Id, long OrganizerId, long EventId, string Name, bool IsDefault, long? SubEventId = null);

/// <summary>The live (not deleted) check-in lists of the given events, default list first, in one query.</summary>
public sealed record GetCheckinLists(IReadOnlyList<long> EventIds) : IRequest<IReadOnlyList<CheckinListInfo>>;
