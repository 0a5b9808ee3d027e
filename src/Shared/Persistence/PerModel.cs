using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EventOps.Shared.Persistence;

/// <summary>
/// EF compiled queries are bound to the model they first ran with; one process can hold several (a provider each, and
/// the tests run SQLite and PostgreSQL Hosts side by side), so each model gets its own set, created on first use.
/// </summary>
public sealed class PerModel<T>(Func<T> create)
    where T : class
{
    private readonly ConditionalWeakTable<IModel, T> byModel = [];

    public T For(DbContext context) => byModel.GetValue(context.Model, _ => create());
}
