using EventOps.Shared.Contracts.Checkin;

namespace EventOps.Modules.Checkin.Domain;

/// <summary>A pretix check-in list: which products it admits and how.</summary>
internal sealed class CheckinList
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public long EventId { get; set; }
    public required string Name { get; set; }

    /// <summary>Equals <see cref="EventId"/> on the event's default list, else null: a unique index makes "one default per event" a database fact.</summary>
    public long? DefaultForEventId { get; set; }

    public bool AllProducts { get; set; } = true;
    public List<long> LimitProducts { get; set; } = [];

    /// <summary>
    /// Variations the list holds, of products in <see cref="LimitProducts"/>; a product none of whose variations is named
    /// is held whole (as a quota names variations, CONTRACT.md). <see cref="LimitVariationProducts"/> are the products
    /// that have a named variation, kept so a redeem decides from the ticket alone.
    /// </summary>
    public List<long> LimitVariations { get; set; } = [];

    public List<long> LimitVariationProducts { get; set; } = [];
    public bool IncludePending { get; set; }

    /// <summary>The date of an event series this list is for (pretix <c>subevent</c>); null holds every date's tickets.</summary>
    public long? SubEventId { get; set; }

    public bool AllowMultipleEntries { get; set; }
    public bool AllowEntryAfterExit { get; set; } = true;
    public List<string> AutoCheckinSalesChannels { get; set; } = [];

    /// <summary>Entries are refused (<c>invalid_time</c>) before / after these instants when set.</summary>
    public DateTimeOffset? ValidFrom { get; set; }

    public DateTimeOffset? ValidUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Deleting a list hides it; its check-ins stay, because the audit trail is never cut.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public bool IsDefault => DefaultForEventId is not null;

    public bool Admits(long productId) => AllProducts || LimitProducts.Contains(productId);

    public bool Admits(long productId, long? variationId) =>
        AllProducts || (LimitProducts.Contains(productId)
            && (variationId is not { } variation || !LimitVariationProducts.Contains(productId) || LimitVariations.Contains(variation)));

    /// <summary>Whether a ticket of this product, variation and date belongs on the list.</summary>
    public bool Holds(long productId, long? variationId, long? subEventId) => Admits(productId, variationId) && HoldsDate(subEventId);

    public bool HoldsDate(long? subEventId) => SubEventId is null || SubEventId == subEventId;
}

/// <summary>
/// One scan attempt on a list, successful or not; never deleted. A successful one takes the next <see cref="Seq"/> of
/// its (list, ticket): the unique index on it is what decides admission when two scanners race.
/// </summary>
internal sealed class Checkin
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public long? EventId { get; set; }
    public long? ListId { get; set; }
    public long? TicketId { get; set; }

    /// <summary>What the scanner sent when it named no known ticket.</summary>
    public string? RawIdentifier { get; set; }

    public CheckinType Type { get; set; }
    public bool Successful { get; set; }
    public string? ErrorReason { get; set; }
    public string? ErrorExplanation { get; set; }
    public long? Seq { get; set; }
    public string? Nonce { get; set; }
    public bool Forced { get; set; }
    public bool AutoCheckedIn { get; set; }
    public bool Reverted { get; set; }
    public DateTimeOffset? RevertedAt { get; set; }
    public string? RevertedBy { get; set; }

    /// <summary>The scan time: the client's datetime when it sent one (offline scans), else the server's.</summary>
    public DateTimeOffset Datetime { get; set; }

    public DateTimeOffset? ClientDatetime { get; set; }
    public DateTimeOffset ServerTime { get; set; }
    public long? DeviceId { get; set; }
    public required string Surface { get; set; }
    public required string Actor { get; set; }
}

internal static class QuestionTypes
{
    public const string Text = "T";
    public const string Boolean = "B";
    public const string Choice = "C";

    public static bool IsValid(string? type) => type is Text or Boolean or Choice;
}

/// <summary>A question asked about a ticket (pretix: asked during check-in when not answered at purchase).</summary>
internal sealed class Question
{
    public long Id { get; set; }
    public long OrganizerId { get; set; }
    public long EventId { get; set; }
    public required string Text { get; set; }
    public required string Type { get; set; }
    public bool Required { get; set; }
    public List<long> Products { get; set; } = [];
    public int Position { get; set; }
    public required string Identifier { get; set; }
    public bool AskDuringCheckin { get; set; } = true;
    public List<QuestionOption> Options { get; set; } = [];
}

internal sealed class QuestionOption
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public required string Answer { get; set; }
    public required string Identifier { get; set; }
    public int Position { get; set; }
}

internal sealed class Answer
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public long QuestionId { get; set; }
    public required string Value { get; set; }
    public List<long> OptionIds { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}
