using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

/// <summary>A target group (Zielgruppe) whose customers are external or internal.</summary>
public sealed class Swimlane
{
    public const int NameMaxLength = 60;

    private Swimlane() { }

    internal Swimlane(Guid boardId, string name, CustomerKind customerKind, int position)
    {
        CheckKind(customerKind);
        Id = Guid.CreateVersion7();
        BoardId = boardId;
        Name = Guard.Text(name, NameMaxLength, "name");
        CustomerKind = customerKind;
        Position = position;
    }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public string Name { get; private set; } = "";

    public CustomerKind CustomerKind { get; private set; }

    public int Position { get; internal set; }

    internal List<string> Update(string name, CustomerKind customerKind)
    {
        name = Guard.Text(name, NameMaxLength, "name");
        CheckKind(customerKind);
        var changed = new List<string>();
        if (name != Name) { Name = name; changed.Add("name"); }
        if (customerKind != CustomerKind) { CustomerKind = customerKind; changed.Add("customerKind"); }
        return changed;
    }

    private static void CheckKind(CustomerKind customerKind)
    {
        if (!Enum.IsDefined(customerKind))
            throw DomainException.Invalid("customerKind", "Unknown customer kind.");
    }
}
