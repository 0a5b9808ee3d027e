using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace EventOps.Shared.Persistence;

/// <summary>
/// Inserts one row and sets its generated key, for the writes every scan makes (the check-in, the scan record).
/// On PostgreSQL it is one <c>INSERT … RETURNING</c> with positional parameters, its text and columns taken once from
/// EF's model and its parameters made by EF's own type mappings (so converters and store types are EF's). Through
/// SaveChanges the same row cost about a quarter of a redeem's Host CPU: the change tracker, SQL text generated anew
/// per call, and Npgsql rewriting the named parameters. Other providers, and entities this cannot write faithfully
/// (store-generated values besides the key, shadow properties), go through SaveChanges as before.
/// </summary>
/// <remarks>
/// A constraint violation surfaces as <see cref="DbUpdateException"/> either way, which is how callers learn they
/// lost a race. Nothing is left tracked.
/// </remarks>
public static class RowInserter
{
    private static readonly PerModel<System.Collections.Concurrent.ConcurrentDictionary<Type, Plan?>> Plans = new(() => []);

    /// <summary>Whether rows of this type skip SaveChanges on this context's provider.</summary>
    public static bool InsertsDirectly(DbContext db, Type type) => db.Database.IsNpgsql() && PlanFor(db, type) is not null;

    public static async Task InsertAsync<T>(DbContext db, T entity, CancellationToken cancellationToken)
        where T : class
    {
        if (!db.Database.IsNpgsql() || PlanFor(db, typeof(T)) is not { } plan)
        {
            db.Add(entity);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = plan.Sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            plan.Bind(command, entity);

            object? key;
            try
            {
                key = await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (PostgresException exception)
            {
                throw new DbUpdateException($"Inserting into {plan.Table} failed: {exception.SqlState}", exception);
            }

            plan.SetKey(entity, key);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// PostgreSQL only: inserts the row if <paramref name="condition"/> holds and no unique index refuses it, in one
    /// statement, and tells which. The condition is SQL over the module's own tables with placeholders {0}, {1}, … for
    /// <paramref name="values"/>; it is evaluated once, in the statement's snapshot, so a caller can make "insert only
    /// if what I decided on is still so" one round trip instead of a read and a write.
    /// </summary>
    /// <returns>
    /// Null when this context cannot take the path (another provider, or an entity <see cref="InsertAsync{T}"/> would
    /// save through SaveChanges); else whether the row was inserted (its key then set) and whether the condition held.
    /// </returns>
    public static async Task<(bool Inserted, bool Held)?> InsertIfAsync<T>(
        DbContext db, T entity, string condition, IReadOnlyList<object> values, CancellationToken cancellationToken)
        where T : class
    {
        if (!db.Database.IsNpgsql() || PlanFor(db, typeof(T)) is not { } plan)
        {
            return null;
        }

        var sql = plan.Conditional.GetOrAdd(condition, (c, p) => p.ConditionalSql(c), plan);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            plan.Bind(command, entity);

            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var held = !reader.IsDBNull(1) && reader.GetBoolean(1);
            if (reader.IsDBNull(0))
            {
                return (false, held);
            }

            var key = reader.GetValue(0);
            plan.SetKey(entity, key);
            return (true, held);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static Plan? PlanFor(DbContext db, Type type) => Plans.For(db).GetOrAdd(type, (t, context) => Plan.Build(context, t), db);

    private sealed record Plan(
        string Sql, string Table, string ColumnList, string KeyColumn, IReadOnlyList<(IProperty Property, RelationalTypeMapping Mapping)> Columns, IProperty Key,
        RelationalTypeMapping KeyMapping)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, string> Conditional { get; } = new(StringComparer.Ordinal);

        /// <summary>The row's values as positional parameters $1…$n, made by EF's own type mappings.</summary>
        public void Bind(DbCommand command, object entity)
        {
            foreach (var (property, mapping) in Columns)
            {
                command.Parameters.Add(mapping.CreateParameter(command, string.Empty, property.GetGetter().GetClrValueUsingContainingEntity(entity), property.IsNullable));
            }
        }

        public void SetKey(object entity, object? key) =>
            Key.PropertyInfo!.SetValue(entity, KeyMapping.Converter?.ConvertFromProvider(key) ?? Convert.ChangeType(key, Key.ClrType, System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>The condition once, then the insert from it; both answered in one row: the new key (or null) and whether it held.</summary>
        public string ConditionalSql(string condition)
        {
            var placeholders = Enumerable.Range(0, 32).Select(i => (object)$"${Columns.Count + i + 1}").ToArray();
            var values = string.Join(", ", Columns.Select((_, i) => $"${i + 1}"));
            return $"WITH c AS (SELECT ({string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, placeholders)}) AS held), "
                + $"i AS (INSERT INTO {Table} ({ColumnList}) SELECT {values} FROM c WHERE c.held ON CONFLICT DO NOTHING RETURNING {KeyColumn}) "
                + "SELECT (SELECT i.* FROM i), (SELECT c.held FROM c)";
        }

        /// <returns>Null when the entity has what a plain INSERT of its properties would get wrong.</returns>
        public static Plan? Build(DbContext db, Type type)
        {
            var entityType = db.Model.FindEntityType(type);
            if (entityType?.GetTableName() is not { } tableName || entityType.FindPrimaryKey()?.Properties is not [{ PropertyInfo: not null } key]
                || key.ValueGenerated != ValueGenerated.OnAdd)
            {
                return null;
            }

            var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var properties = entityType.GetProperties().Where(p => p != key).ToList();
            if (properties.Any(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never || p.GetColumnName(table) is null)
                || entityType.GetNavigations().Any() || entityType.GetComplexProperties().Any())
            {
                return null;
            }

            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)));
            var values = string.Join(", ", properties.Select((_, i) => $"${i + 1}"));
            var name = sql.DelimitIdentifier(table.Name, table.Schema);
            var keyColumn = sql.DelimitIdentifier(key.GetColumnName(table)!);
            var text = $"INSERT INTO {name} ({columns}) VALUES ({values}) RETURNING {keyColumn}";
            return new Plan(
                text, name, columns, keyColumn, [.. properties.Select(p => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping()))], key, (RelationalTypeMapping)key.GetRelationalTypeMapping());
        }
    }
}
