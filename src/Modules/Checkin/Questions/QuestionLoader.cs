using EventOps.Modules.Checkin.Domain;
using EventOps.Modules.Checkin.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EventOps.Modules.Checkin.Questions;

internal static class QuestionLoader
{
    /// <summary>The check-in questions of a product with the ticket's answers, in one query.</summary>
    public static async Task<(List<Question> Questions, Dictionary<long, Answer> Answers)> LoadAsync(
        CheckinDbContext db, long eventId, long ticketId, long productId, CancellationToken cancellationToken)
    {
        var rows = await db.Questions.AsNoTracking()
            .Where(q => q.EventId == eventId && q.AskDuringCheckin && q.Products.Contains(productId))
            .OrderBy(q => q.Position).ThenBy(q => q.Id)
            .Select(q => new { Question = q, q.Options, Answer = db.Answers.FirstOrDefault(a => a.TicketId == ticketId && a.QuestionId == q.Id) })
            .ToListAsync(cancellationToken);
        var questions = new List<Question>(rows.Count);
        var answers = new Dictionary<long, Answer>();
        foreach (var row in rows)
        {
            row.Question.Options = row.Options;
            questions.Add(row.Question);
            if (row.Answer is not null)
            {
                answers[row.Question.Id] = row.Answer;
            }
        }

        return (questions, answers);
    }
}

/// <summary>
/// Reads the <c>answers</c> of a redeem call (pretix: question id → string; choices as comma-separated option ids).
/// An answer that does not fit its question is ignored, so the question stays unanswered and is asked again.
/// </summary>
internal static class AnswerParser
{
    public static List<Answer> Apply(
        IReadOnlyList<Question> questions, Dictionary<long, Answer> answers, IReadOnlyDictionary<string, string>? given, long ticketId, DateTimeOffset now)
    {
        var added = new List<Answer>();
        if (given is null || given.Count == 0)
        {
            return added;
        }

        foreach (var question in questions)
        {
            if (answers.ContainsKey(question.Id) || !given.TryGetValue(question.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), out var text))
            {
                continue;
            }

            if (Parse(question, text) is not { } answer)
            {
                continue;
            }

            answer.TicketId = ticketId;
            answer.UpdatedAt = now;
            answers[question.Id] = answer;
            added.Add(answer);
        }

        return added;
    }

    public static Answer? Parse(Question question, string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 2000)
        {
            return null;
        }

        switch (question.Type)
        {
            case QuestionTypes.Boolean:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => new Answer { QuestionId = question.Id, Value = "True" },
                    "false" or "no" or "0" => new Answer { QuestionId = question.Id, Value = "False" },
                    _ => null,
                };
            case QuestionTypes.Choice:
                var ids = new List<long>();
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                        || question.Options.FirstOrDefault(o => o.Id == id) is null)
                    {
                        return null;
                    }

                    ids.Add(id);
                }

                // A choice question takes one option (pretix "C"); multiple choice is not part of this model.
                if (ids.Count != 1)
                {
                    return null;
                }

                return new Answer { QuestionId = question.Id, Value = question.Options.First(o => o.Id == ids[0]).Answer, OptionIds = ids };
            default:
                return new Answer { QuestionId = question.Id, Value = text };
        }
    }
}
