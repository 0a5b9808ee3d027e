using System.Data.Common;
using System.Net;
using System.Text;
using EventOps.Tests.Integration.Infrastructure;
using EventOps.Tests.Integration.Scanning;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventOps.Tests.Integration.Robustness;

/// <summary>
/// API tokens and device tokens exist in clear only in the response that created them: the database holds hashes,
/// and no log line, including the failures of a revoked token, carries a value.
/// </summary>
public abstract class SecretStorageTests(HostFixture host) : HostTests(host)
{
    [Fact]
    public async Task TokenValues_AreNeitherStored_NorLogged()
    {
        var s = await ScanningScenario.CreateAsync(Host);
        var (created, token) = await s.S.Client.PostJsonAsync($"{s.S.Base}/tokens/", new { description = "door staff", permission = "write" });
        Assert.True(created == HttpStatusCode.Created, token.Compact());
        var apiToken = token.Value<string>("token");
        var device = await s.DeviceAsync();
        var lost = await s.DeviceAsync("Lost phone");
        string[] secrets = [apiToken, device.Token, lost.Token, s.S.Organizer.WriteToken, s.S.Organizer.ReadToken];
        Assert.All(secrets, v => Assert.False(string.IsNullOrEmpty(v)));

        // Use every token, successfully and not: a redeem, a lookup, a revoked device, a revoked API token.
        var ticket = await s.PaidTicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.RedeemAsync(ticket.PublicId, s.Bearer(device.Token))).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Token(apiToken).GetJsonAsync(s.Verify(ticket.Secret))).Status);
        Assert.Equal(HttpStatusCode.OK, (await s.Bearer(s.S.Organizer.ReadToken).GetJsonAsync($"/scanner/tickets/{ticket.PublicId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.SendAsync(HttpMethod.Delete, $"{s.S.Base}/devices/{lost.Id}/")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.StatusAsync(async () => (await s.RedeemAsync(ticket.PublicId, s.Bearer(lost.Token))).Status, HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.NoContent, (await s.S.Client.SendAsync(HttpMethod.Delete, $"{s.S.Base}/tokens/{token.Value<long>("id")}/")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await Eventually.StatusAsync(async () => (await s.Token(apiToken).GetJsonAsync($"{s.S.Base}/events/")).Status, HttpStatusCode.Unauthorized));

        var stored = await EverythingStoredAsync();
        Assert.True(stored.Length > 1000, "the dump read too little to mean anything");
        foreach (var secret in secrets)
        {
            Assert.False(stored.Contains(secret, StringComparison.Ordinal), "a token value is stored in the clear");

            // The random part alone (without any prefix) is not stored either.
            var random = secret[(secret.IndexOf('_', StringComparison.Ordinal) + 1)..];
            Assert.False(stored.Contains(random, StringComparison.Ordinal), "a token's random part is stored in the clear");
        }

        var logs = string.Join("\n", Host.Factory.Logs.Lines);
        Assert.NotEmpty(Host.Factory.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), "a token value was logged");
            Assert.False(logs.Contains(secret[(secret.IndexOf('_', StringComparison.Ordinal) + 1)..], StringComparison.Ordinal), "a token's random part was logged");
        }
    }

    /// <summary>Every value of every table of the database (module schemas, Host, Hangfire), as one text.</summary>
    private async Task<string> EverythingStoredAsync()
    {
        var sqlite = Host.Provider == EventOps.Shared.Modules.DatabaseProvider.Sqlite;
        await using var connection = sqlite ? (DbConnection)new SqliteConnection(Host.ConnectionString) : new NpgsqlConnection(Host.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = sqlite
                ? "SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1"
                : "SELECT table_schema || '.\"' || table_name || '\"' FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog','information_schema') ORDER BY 1";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    text.Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
            }
        }

        return text.ToString();
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecretStorageSqliteTests(SqliteHost host) : SecretStorageTests(host);

[Collection(PostgresCollection.Name)]
public sealed class SecretStoragePostgresTests(PostgresHost host) : SecretStorageTests(host);
