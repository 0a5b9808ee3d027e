using System.Text.Json;

namespace EventOps.Shared.Http;

/// <summary>
/// Reads a JSON object field by field and collects pretix-style errors (<c>{"field": ["message"]}</c>), so a
/// wrong type or a missing field is a 400 naming the field instead of a generic binding failure.
/// </summary>
public sealed class JsonFields
{
    private readonly JsonElement root;

    private JsonFields(JsonElement root) => this.root = root;

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public JsonElement Root => root;

    /// <summary>Parses a request body; null with an error under <c>non_field_errors</c> when it is not a JSON object.</summary>
    public static async Task<(JsonFields? Fields, JsonDocument? Document)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, null);
            }

            return (new JsonFields(document.RootElement), document);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    public static JsonFields Of(JsonElement element) => new(element);

    public bool Has(string name) => root.TryGetProperty(name, out _);

    public void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }

        list.Add(message);
    }

    public string? Text(string name, bool required = false, int maxLength = 200, bool allowBlank = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(name, value.ValueKind == JsonValueKind.Null && Has(name) ? "This field may not be null." : "This field is required.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(name, "Not a valid string.");
            return null;
        }

        var text = value.GetString()!;
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            Add(name, "Null characters are not allowed.");
            return null;
        }

        if (!allowBlank && string.IsNullOrWhiteSpace(text) && required)
        {
            Add(name, "This field may not be blank.");
            return null;
        }

        if (text.Length > maxLength)
        {
            Add(name, $"Ensure this field has no more than {maxLength} characters.");
            return null;
        }

        return text;
    }

    public bool? Flag(string name, bool required = false)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(name, "This field is required.");
            }

            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Add(name, "Must be a valid boolean.");
        return null;
    }

    public long? Number(string name, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(name, "This field is required.");
            }

            return null;
        }

        return NumberOf(name, value, min, max);
    }

    public long? NumberOf(string name, JsonElement value, long min = long.MinValue, long max = long.MaxValue)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            if (number < min)
            {
                Add(name, $"Ensure this value is greater than or equal to {min}.");
                return null;
            }

            if (number > max)
            {
                Add(name, $"Ensure this value is less than or equal to {max}.");
                return null;
            }

            return number;
        }

        Add(name, "A valid integer is required.");
        return null;
    }

    /// <summary>A list of positive integer ids (pretix's primary-key lists); null when absent, with an error when malformed.</summary>
    public List<long>? Ids(string name, int maxCount = 1000)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(name, "Expected a list of items.");
            return null;
        }

        if (value.GetArrayLength() > maxCount)
        {
            Add(name, $"Ensure this field has no more than {maxCount} elements.");
            return null;
        }

        var ids = new List<long>();
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var id) || id < 1)
            {
                Add(name, "Incorrect type. Expected pk value.");
                return null;
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public decimal? Amount(string name, bool required = false, decimal min = 0m, decimal max = 99_999_999m)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(name, "This field is required.");
            }

            return null;
        }

        decimal number;
        var ok = value.ValueKind switch
        {
            JsonValueKind.String => decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out number),
            JsonValueKind.Number => value.TryGetDecimal(out number),
            _ => (number = 0) != 0,
        };
        if (!ok)
        {
            Add(name, "A valid number is required.");
            return null;
        }

        if (number < min || number > max)
        {
            Add(name, $"Ensure this value is between {min} and {max}.");
            return null;
        }

        if (decimal.Round(number, 2) != number)
        {
            Add(name, "Ensure that there are no more than 2 decimal places.");
            return null;
        }

        return number;
    }

    public DateTimeOffset? Instant(string name, bool required = false)
    {
        var text = Text(name, required, maxLength: 64);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }

        Add(name, "Datetime has wrong format. Use ISO 8601.");
        return null;
    }
}
