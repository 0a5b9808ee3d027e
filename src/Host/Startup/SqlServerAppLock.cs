using Microsoft.Data.SqlClient;

namespace EventOps.Host.Startup;

/// <summary>
/// A session-owned <c>sp_getapplock</c> held on its own connection until disposed (DistributedLock.SqlServer is not
/// served by our package mirror; this is the one call it would make).
/// </summary>
internal sealed class SqlServerAppLock : IAsyncDisposable
{
    private readonly SqlConnection connection;
    private readonly string name;

    private SqlServerAppLock(SqlConnection connection, string name)
    {
        this.connection = connection;
        this.name = name;
    }

    public static async Task<SqlServerAppLock> AcquireAsync(string connectionString, string name)
    {
        var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand("DECLARE @r int; EXEC @r = sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 600000; SELECT @r;", connection);
        command.Parameters.AddWithValue("@name", name);
        command.CommandTimeout = 0;
        var result = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        if (result < 0)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Start-up lock {name} not granted ({result}).");
        }

        return new SqlServerAppLock(connection, name);
    }

    // Released explicitly: a pooled connection keeps its session (and the lock) until it is reused.
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new SqlCommand("EXEC sp_releaseapplock @Resource = @name, @LockOwner = 'Session';", connection);
            command.Parameters.AddWithValue("@name", name);
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
