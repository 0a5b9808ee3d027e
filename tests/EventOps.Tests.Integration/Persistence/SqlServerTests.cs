using System.Net;
using EventOps.Tests.Integration.Infrastructure;
using Microsoft.Data.SqlClient;

namespace EventOps.Tests.Integration.Persistence;

/// <summary>Runs only when EVENTOPS_TEST_SQLSERVER names a SQL Server; otherwise it shows as skipped, with the reason.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("EVENTOPS_TEST_SQLSERVER")))
        {
            Skip = "No SQL Server here: set EVENTOPS_TEST_SQLSERVER to a connection string to run the SQL Server suite.";
        }
    }
}

public sealed class SqlServerTests
{
    [SqlServerFact]
    public async Task SqlServer_MigratesAndServesASaleLifecycle()
    {
        var server = Environment.GetEnvironmentVariable("EVENTOPS_TEST_SQLSERVER")!;
        var database = "eventops_test_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        await using var host = new SqlServerHost(connectionString);
        await host.InitializeAsync();
        try
        {
            var scenario = await Scenario.CreateAsync(host);
            var order = await scenario.OrderAsync("cash");
            var client = host.Client(scenario.Organizer.WriteToken, "Bearer");
            var (status, body) = await client.PatchJsonAsync($"/api/tickets/{order.Value<long>("id")}", new { action = "refund" });
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("refunded", body.Value<string>("data.status"));
        }
        finally
        {
            await host.DisposeAsync();
            await using var connection = new SqlConnection(server);
            await connection.OpenAsync();
            // A database name cannot be a parameter; this one is generated above, never user input.
#pragma warning disable DAP241
            await using var command = new SqlCommand($"ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]", connection);
#pragma warning restore DAP241
            await command.ExecuteNonQueryAsync();
        }
    }
}
