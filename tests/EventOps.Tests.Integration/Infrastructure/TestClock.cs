using Microsoft.Extensions.Time.Testing;

namespace EventOps.Tests.Integration.Infrastructure;

/// <summary>
/// The Host's clock in tests: a FakeTimeProvider that each test can replace, because a fake clock cannot go
/// back and the Host (a singleton TimeProvider) outlives a test.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public FakeTimeProvider Fake { get; private set; } = new(start);

    public void Reset(DateTimeOffset start) => Fake = new FakeTimeProvider(start);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Fake.CreateTimer(callback, state, dueTime, period);
}
