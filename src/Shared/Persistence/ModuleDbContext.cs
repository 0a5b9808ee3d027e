using System.Text;
using EventOps.Shared.Modules;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Shared.Persistence;

/// <summary>
/// Base of every module's DbContext: one schema per module (a table prefix on SQLite, which has no
/// schemas) and snake_case names, so the tables read the same on all three providers.
/// Each provider gets its own derived type so its migrations live apart (EF binds migrations to a context type).
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    public abstract string Schema { get; }

    protected DatabaseProvider Provider => ModuleDatabase.ProviderOf(Database.ProviderName);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        ModuleNaming.ApplyConventions(configurationBuilder, Provider);

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        ModuleNaming.Apply(modelBuilder, Schema, Provider);
}

/// <summary>The naming rules every context follows, the Host's Identity context included.</summary>
public static class ModuleNaming
{
    public static void ApplyConventions(ModelConfigurationBuilder configurationBuilder, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            // SQLite cannot order or compare DateTimeOffset: it is stored as UTC ticks there.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToTicksConverter>();
            // SQLite keeps decimals as text, which cannot be summed or compared in SQL; money here has two decimals,
            // which a double carries exactly enough once rounded back to cents.
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
        else
        {
            configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        }
    }

    /// <summary>Call last in OnModelCreating: renames what the entity configurations declared.</summary>
    public static void Apply(ModelBuilder modelBuilder, string schema, DatabaseProvider provider)
    {
        if (provider != DatabaseProvider.Sqlite)
        {
            modelBuilder.HasDefaultSchema(schema);
        }

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var table = entity.GetTableName() ?? entity.ClrType.Name;
            var snake = SnakeCase(table);
            entity.SetTableName(provider == DatabaseProvider.Sqlite ? $"{schema}_{snake}" : snake);
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.GetColumnName()));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName() ?? string.Empty));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName() ?? string.Empty));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetConstraintName() ?? string.Empty));
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
