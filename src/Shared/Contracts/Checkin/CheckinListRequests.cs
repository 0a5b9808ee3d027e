using Mediator;

namespace EventOps.Shared.Contracts.Checkin;

/// <summary>
/// A check-in list as a picker shows it (the door, a scanner set-up page), with what it admits, so an offline scanner
/// refuses what the redeem engine would. <c>SubEventId</c>: the one date of a series the list admits, null for every
/// date. Unless <c>AllProducts</c>, only tickets of <c>LimitProducts</c> are admitted; of those, a product in
/// <c>LimitVariationProducts</c> only with a variation in <c>LimitVariations</c> (a product none of whose variations is
/// named is held whole, as the engine's <c>CheckinList.Admits</c> decides).
/// </summary>
public sealed record CheckinListInfo(
    long Id,
    long OrganizerId,
    long EventId,
    string Name,
    bool IsDefault,
    long? SubEventId,
    bool AllProducts,
    IReadOnlyList<long> LimitProducts,
    IReadOnlyList<long> LimitVariations,
    IReadOnlyList<long> LimitVariationProducts);

/// <summary>The live (not deleted) check-in lists of the given events, default list first, in one query.</summary>
public sealed record GetCheckinLists(IReadOnlyList<long> EventIds) : IRequest<IReadOnlyList<CheckinListInfo>>;
