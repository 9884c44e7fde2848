namespace KanbanCustomer.Infrastructure.Persistence;

/// <summary>Who is making the changes being saved; stamped on every board event.</summary>
public interface ICurrentActor
{
    string Id { get; }

    string Name { get; }
}

/// <summary>The actor for work no person started: start-up seeding, maintenance.</summary>
public sealed class SystemActor : ICurrentActor
{
    public static readonly SystemActor Instance = new();

    public string Id => "system";

    public string Name => "KanbanCustomer";
}
