using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EventOps.Shared.Persistence;

/// <summary>Stores instants as UTC ticks on SQLite so that ordering and range filters run in SQL.</summary>
public sealed class DateTimeOffsetToTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
