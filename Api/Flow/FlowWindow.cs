using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Flow;

/// <summary>One calendar day of the window in the caller's time zone, as UTC instants clipped to the window.</summary>
public readonly record struct FlowDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The window a caller asks about: checked (from before to, at most <see cref="MaxLength"/>, a known IANA zone) and cut
/// into calendar days in that zone. Nothing after <see cref="AsOf"/> (the end, or now if sooner) is counted.
/// </summary>
public sealed class FlowWindow
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(3 * 366);

    private FlowWindow(DateTimeOffset from, DateTimeOffset to, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        From = from;
        To = to;
        AsOf = asOf;
        Zone = zone;
        Days = CutDays();
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public DateTimeOffset AsOf { get; }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<FlowDay> Days { get; }

    public static FlowWindow Check(DateTimeOffset from, DateTimeOffset to, string timeZone, DateTimeOffset now)
    {
        if (from >= to)
            throw DomainException.Invalid("from", "The window's start must come before its end.");
        if (to - from > MaxLength)
            throw DomainException.Invalid("to", "The window spans at most 3 years.");
        return new FlowWindow(from, to, to < now ? to : now, ZoneOf(timeZone));
    }

    /// <summary>The IANA zone named, or a VALIDATION refusal on <c>timeZone</c>.</summary>
    public static TimeZoneInfo ZoneOf(string timeZone)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw DomainException.Invalid("timeZone", $"Unknown time zone '{timeZone}'; use an IANA id such as Europe/Berlin.");
        }
    }

    private List<FlowDay> CutDays()
    {
        var days = new List<FlowDay>();
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(From, Zone).DateTime);
        while (true)
        {
            var start = Max(Midnight(date), From);
            if (start >= AsOf)
                return days;
            var next = Midnight(date.AddDays(1));
            days.Add(new FlowDay(date, start, next < AsOf ? next : AsOf));
            date = date.AddDays(1);
        }
    }

    private DateTimeOffset Midnight(DateOnly date) => Midnight(date, Zone);

    /// <summary>The day's first instant in the zone (an hour on where midnight is skipped by a clock change).</summary>
    public static DateTimeOffset Midnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
