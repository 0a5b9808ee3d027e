using System.Text.Json;
using System.Text.Json.Nodes;
using EventOps.Shared.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EventOps.Modules.Sales.Areas.Sales.Pages.Setup;

/// <summary>
/// The set-up forms run the management API's own rules (one place for a rule, two callers): a form is turned into the
/// JSON the API takes, the rule reads it, and its field errors come back next to the form's fields.
/// </summary>
internal static class FormRules
{
    public static JsonFields Fields(JsonObject body) => JsonFields.Of(JsonSerializer.SerializeToElement(body));

    public static void CopyErrors(JsonFields fields, ModelStateDictionary state, IReadOnlyDictionary<string, string> properties, string prefix = "")
    {
        foreach (var (field, messages) in fields.Errors)
        {
            var key = properties.TryGetValue(field, out var property) ? prefix + property : string.Empty;
            foreach (var message in messages)
            {
                state.AddModelError(key, properties.ContainsKey(field) ? message : $"{field}: {message}");
            }
        }
    }

    /// <summary>A <c>datetime-local</c> value is the organizer's wall clock; the API takes an instant.</summary>
    public static string? Instant(DateTime? local) =>
        local is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Local)).ToUniversalTime().ToString("O") : null;

    public static DateTime? Local(DateTimeOffset? instant) => instant?.ToLocalTime().DateTime;

    public static string Money(decimal? amount) => amount is { } value ? value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
