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
    /// <param name="rider">
    /// A row of another table (<see cref="Rider"/>) stored by the same statement if, and only if, this one is.
    /// </param>
    public static async Task<(bool Inserted, bool Held)?> InsertIfAsync<T>(
        DbContext db, T entity, string condition, IReadOnlyList<object> values, CancellationToken cancellationToken, Rider? rider = null)
        where T : class
    {
        if (!db.Database.IsNpgsql() || PlanFor(db, typeof(T)) is not { } plan)
        {
            return null;
        }

        var sql = plan.Conditional.GetOrAdd((condition, rider?.Link), (k, p) => p.Main.ConditionalSql(k.Condition, p.Rider, k.Link), (Main: plan, Rider: rider?.Plan));
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            plan.Bind(command, entity);
            rider?.Plan.Bind(command, rider.Entity, except: rider.Link);

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
            if (rider is not null)
            {
                rider.Plan.SetKey(rider.Entity, reader.GetValue(2));
                rider.Link.PropertyInfo!.SetValue(rider.Entity, plan.Key.PropertyInfo!.GetValue(entity));
                rider.Stored = true;
            }

            return (true, held);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A row another module hands along with a request, for the module that answers to store in its own conditional
    /// insert (<see cref="InsertIfAsync{T}"/>): one round trip for two rows that belong together (a check-in and the
    /// scan record of the same admission). Its SQL comes from its own module's model; the module it rides with sees an
    /// opaque value. <see cref="Stored"/> tells the owner afterwards whether it still has to store the row itself.
    /// </summary>
    public sealed class Rider
    {
        internal Rider(object entity, Plan plan, IProperty link)
        {
            Entity = entity;
            Plan = plan;
            Link = link;
        }

        internal object Entity { get; }

        internal Plan Plan { get; }

        /// <summary>The column that takes the key of the row it rides with.</summary>
        internal IProperty Link { get; }

        /// <summary>Stored with the row it rode with (its key and link then set on the entity).</summary>
        public bool Stored { get; internal set; }
    }

    /// <summary>A rider for <paramref name="entity"/> on this context; null where the row cannot ride (another provider, or an entity saved through SaveChanges).</summary>
    public static Rider? RiderFor<T>(DbContext db, T entity, string linkProperty)
        where T : class =>
        db.Database.IsNpgsql() && PlanFor(db, typeof(T)) is { } plan && plan.Columns.FirstOrDefault(c => c.Property.Name == linkProperty).Property is { } link
            ? new Rider(entity, plan, link)
            : null;

    private static Plan? PlanFor(DbContext db, Type type) => Plans.For(db).GetOrAdd(type, (t, context) => Plan.Build(context, t), db);

    internal sealed record Plan(
        string Sql, string Table, string ColumnList, string KeyColumn, IReadOnlyList<(IProperty Property, RelationalTypeMapping Mapping)> Columns, IProperty Key,
        RelationalTypeMapping KeyMapping)
    {
        /// <summary>Conditional inserts by condition and rider; the rider's link column names its table's plan (one per model, as this one).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<(string Condition, IProperty? Link), string> Conditional { get; } = new();

        /// <summary>The row's values as positional parameters following those already on the command, made by EF's own type mappings.</summary>
        public void Bind(DbCommand command, object entity, IProperty? except = null)
        {
            foreach (var (property, mapping) in Columns)
            {
                if (property != except)
                {
                    command.Parameters.Add(mapping.CreateParameter(command, string.Empty, property.GetGetter().GetClrValueUsingContainingEntity(entity), property.IsNullable));
                }
            }
        }

        public void SetKey(object entity, object? key) =>
            Key.PropertyInfo!.SetValue(entity, KeyMapping.Converter?.ConvertFromProvider(key) ?? Convert.ChangeType(key, Key.ClrType, System.Globalization.CultureInfo.InvariantCulture));

        /// <summary>
        /// The condition once, then the insert from it, then the rider's insert from that one's new key; answered in one
        /// row: the new key (or null), whether the condition held, and the rider's key.
        /// </summary>
        public string ConditionalSql(string condition, Plan? rider, IProperty? link)
        {
            var values = string.Join(", ", Columns.Select((_, i) => $"${i + 1}"));
            var next = Columns.Count;
            var riderSql = string.Empty;
            if (rider is not null)
            {
                var riderValues = rider.Columns.Select(c => c.Property == link ? $"i.{KeyColumn}" : $"${++next}");
                riderSql = $", r AS (INSERT INTO {rider.Table} ({rider.ColumnList}) SELECT {string.Join(", ", riderValues)} FROM i RETURNING {rider.KeyColumn})";
            }

            var placeholders = Enumerable.Range(0, 32).Select(i => (object)$"${next + i + 1}").ToArray();
            return $"WITH c AS (SELECT ({string.Format(System.Globalization.CultureInfo.InvariantCulture, condition, placeholders)}) AS held), "
                + $"i AS (INSERT INTO {Table} ({ColumnList}) SELECT {values} FROM c WHERE c.held ON CONFLICT DO NOTHING RETURNING {KeyColumn}){riderSql} "
                + (rider is null ? "SELECT (SELECT i.* FROM i), (SELECT c.held FROM c)" : "SELECT (SELECT i.* FROM i), (SELECT c.held FROM c), (SELECT r.* FROM r)");
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
