namespace EventOps.Shared.Modules;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);
