namespace EventOps.Tests.Integration.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "postgres";
}

/// <summary>Base of a test class: resets the database before each test.</summary>
public abstract class HostTests(HostFixture host) : IAsyncLifetime
{
    protected HostFixture Host { get; } = host;

    public Task InitializeAsync() => Host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
