using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Customers;

/// <summary>The editable description of a customer; a null segment means none.</summary>
public sealed record CustomerDetails(string Name, CustomerKind Kind, Guid? SegmentId, string? ExternalRef, string? Notes);

/// <summary>
/// Someone who has a board's problems: an external company or person, or an internal team or employee. A board-level
/// directory entry that evidence points at; archived, never deleted, so the evidence keeps its customer.
/// </summary>
public sealed class Customer : AggregateRoot
{
    public const int NameMaxLength = 120;
    public const int ExternalRefMaxLength = 100;
    public const int NotesMaxLength = 2000;

    private Customer() { }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public string Name { get; private set; } = "";

    public CustomerKind Kind { get; private set; }

    /// <summary>The target group (a swimlane of the board) the customer belongs to, if any.</summary>
    public Guid? SegmentId { get; private set; }

    /// <summary>An id in another system (a CRM), unique per board; null when none.</summary>
    public string? ExternalRef { get; private set; }

    public string Notes { get; private set; } = "";

    public bool IsArchived { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Bumped on every change; a change that names an older version is refused.</summary>
    public int Version { get; private set; }

    /// <summary>Adds a customer to <paramref name="board"/>'s directory; the caller has checked the external reference is free.</summary>
    public static Customer Add(Board board, CustomerDetails details, string createdBy, DateTimeOffset now)
    {
        var customer = new Customer
        {
            Id = Guid.CreateVersion7(),
            BoardId = board.Id,
            CreatedBy = Guard.UserId(createdBy, "createdBy"),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        customer.Apply(board, details);
        customer.Record(new CustomerAdded(board.Id, customer.Id, customer.Name, customer.Kind));
        return customer;
    }

    public void EnsureVersion(int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != Version)
            throw DomainException.Conflict(Version, "customer");
    }

    /// <summary>Changes the description; the caller has checked a new external reference is free.</summary>
    public void Change(Board board, CustomerDetails details, DateTimeOffset now)
    {
        EnsureActive();
        var changed = Apply(board, details);
        if (changed.Count == 0)
            return;
        UpdatedAt = now;
        Version++;
        Record(new CustomerUpdated(BoardId, Id, changed));
    }

    public void Archive(DateTimeOffset now)
    {
        if (IsArchived)
            return;
        IsArchived = true;
        ArchivedAt = now;
        UpdatedAt = now;
        Version++;
        Record(new CustomerArchived(BoardId, Id));
    }

    public void Restore(DateTimeOffset now)
    {
        if (!IsArchived)
            return;
        IsArchived = false;
        ArchivedAt = null;
        UpdatedAt = now;
        Version++;
        Record(new CustomerRestored(BoardId, Id));
    }

    /// <summary>Refuses new evidence or insights for a customer of another board or an archived one.</summary>
    public void EnsureUsableOn(Guid boardId, string field)
    {
        if (BoardId != boardId)
            throw DomainException.Invalid(field, "The customer belongs to another board.");
        if (IsArchived)
            throw DomainException.Invalid(field, "The customer is archived; restore it first.");
    }

    /// <summary>Trims an external reference; empty means none.</summary>
    public static string? CheckedExternalRef(string? externalRef)
    {
        var text = Guard.OptionalText(externalRef, ExternalRefMaxLength, "externalRef");
        return text.Length == 0 ? null : text;
    }

    private void EnsureActive()
    {
        if (IsArchived)
            throw DomainException.Invalid("customerId", "The customer is archived; restore it first.");
    }

    private List<string> Apply(Board board, CustomerDetails details)
    {
        var name = Guard.Text(details.Name, NameMaxLength, "name");
        if (!Enum.IsDefined(details.Kind))
            throw DomainException.Invalid("kind", "Unknown customer kind.");
        if (details.SegmentId is { } segment && board.Swimlanes.All(s => s.Id != segment))
            throw DomainException.Invalid("segmentId", "The segment must be a swimlane of the customer's board.");
        var externalRef = CheckedExternalRef(details.ExternalRef);
        var notes = Guard.OptionalText(details.Notes, NotesMaxLength, "notes");

        var changed = new List<string>();
        if (name != Name) { Name = name; changed.Add("name"); }
        if (details.Kind != Kind) { Kind = details.Kind; changed.Add("kind"); }
        if (details.SegmentId != SegmentId) { SegmentId = details.SegmentId; changed.Add("segmentId"); }
        if (externalRef != ExternalRef) { ExternalRef = externalRef; changed.Add("externalRef"); }
        if (notes != Notes) { Notes = notes; changed.Add("notes"); }
        return changed;
    }
}
