using Mediator;

namespace EventOps.Shared.Contracts.Sales;

// Published by Sales after the change is committed; handlers must be idempotent (a sweep may redo them).

public sealed record EventCreated(long OrganizerId, long EventId, string EventSlug) : INotification;

public sealed record SaleCreated(long OrganizerId, long EventId, long SaleId, string Status, string SalesChannel) : INotification;

public sealed record SalePaid(long OrganizerId, long EventId, long SaleId, string SalesChannel) : INotification;

public sealed record SaleStatusChanged(long OrganizerId, long EventId, long SaleId, string From, string To, string Trigger) : INotification;

public sealed record SaleDeleted(long OrganizerId, long EventId, long SaleId) : INotification;

public sealed record TicketVoided(long OrganizerId, long EventId, long SaleId, long TicketId) : INotification;
