using GraphQL.Types;
using KanbanCustomer.Api.Common;
using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Api.Boards;

/// <summary>A new column's fields, as <see cref="ColumnSpecInputType"/> and <see cref="AddColumnInputType"/> carry them.</summary>
public interface IColumnSpecInput
{
    string Name { get; }
    int? WipLimit { get; }
    TimeSpan? StaleAfter { get; }
    bool? IsCommitmentPoint { get; }
    bool? IsDone { get; }
    StaleBasis? StaleBasis { get; }
    bool? AutoStaleAfter { get; }
}

public sealed record ColumnSpecInput(string Name, int? WipLimit, TimeSpan? StaleAfter, bool? IsCommitmentPoint, bool? IsDone,
    StaleBasis? StaleBasis, bool? AutoStaleAfter) : IColumnSpecInput;

public sealed class ColumnSpecInputType : InputObjectGraphType
{
    public ColumnSpecInputType()
    {
        Name = "ColumnSpecInput";
        Description = "A column for a new board.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("The column's name.");
        Field<IntGraphType>("wipLimit").Description("Hard WIP limit; omit for none.");
        Field<DurationGraphType>("staleAfter").Description("Stale threshold; omit for the board's default.");
        Field<BooleanGraphType>("isCommitmentPoint").Description("Entering it starts the work.").DefaultValue(false);
        Field<BooleanGraphType>("isDone").Description("Cards here are done.").DefaultValue(false);
        Field<StaleBasisType>("staleBasis").Description("What the stale threshold measures (default LAST_ACTIVITY).").DefaultValue(StaleBasis.LastActivity);
        Field<BooleanGraphType>("autoStaleAfter").Description("Learn the threshold from how long cards stayed here (85th percentile).").DefaultValue(false);
    }
}

public sealed record SwimlaneSpecInput(string Name, CustomerKind CustomerKind);

public sealed class SwimlaneSpecInputType : InputObjectGraphType
{
    public SwimlaneSpecInputType()
    {
        Name = "SwimlaneSpecInput";
        Description = "A swimlane (target group) for a new board.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("The target group's name.");
        Field<NonNullGraphType<CustomerKindType>>("customerKind").Description("External or internal customers.");
    }
}

public sealed record CreateBoardInput(string Name, IReadOnlyList<ColumnSpecInput>? Columns, IReadOnlyList<SwimlaneSpecInput>? Swimlanes);

public sealed class CreateBoardInputType : InputObjectGraphType
{
    public CreateBoardInputType()
    {
        Name = "CreateBoardInput";
        Description = "A new board; without columns or swimlanes it gets Reported -> Understood -> Experimenting -> Solved and External / Internal customers.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("The board's name.");
        Field<ListGraphType<NonNullGraphType<ColumnSpecInputType>>>("columns").Description("Columns in flow order; omit for the defaults.");
        Field<ListGraphType<NonNullGraphType<SwimlaneSpecInputType>>>("swimlanes").Description("Swimlanes in display order; omit for the defaults.");
    }
}

public sealed record RenameBoardInput(string BoardId, string Name);

public sealed class RenameBoardInputType : InputObjectGraphType
{
    public RenameBoardInputType()
    {
        Name = "RenameBoardInput";
        Description = "A board's new name.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("The new name.");
    }
}

public sealed record AddColumnInput(string BoardId, string Name, int? WipLimit, TimeSpan? StaleAfter, bool? IsCommitmentPoint, bool? IsDone,
    StaleBasis? StaleBasis, bool? AutoStaleAfter, int? Position) : IColumnSpecInput;

public sealed class AddColumnInputType : InputObjectGraphType
{
    public AddColumnInputType()
    {
        Name = "AddColumnInput";
        Description = "A new column.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("The column's name.");
        Field<IntGraphType>("wipLimit").Description("Hard WIP limit; omit for none.");
        Field<DurationGraphType>("staleAfter").Description("Stale threshold; omit for the board's default.");
        Field<BooleanGraphType>("isCommitmentPoint").Description("Entering it starts the work (moves the board's commitment point here).").DefaultValue(false);
        Field<BooleanGraphType>("isDone").Description("Cards here are done.").DefaultValue(false);
        Field<StaleBasisType>("staleBasis").Description("What the stale threshold measures (default LAST_ACTIVITY).").DefaultValue(StaleBasis.LastActivity);
        Field<BooleanGraphType>("autoStaleAfter").Description("Learn the threshold from how long cards stayed here (85th percentile).").DefaultValue(false);
        Field<IntGraphType>("position").Description("0-based place in the flow; omit to add at the end.");
    }
}

/// <summary>Name, WIP limit and stale threshold arrive as <see cref="Patch{T}"/>: omitted keeps the value, null clears a limit or threshold (and is refused as a name).</summary>
public sealed record UpdateColumnInput(string ColumnId, bool? IsCommitmentPoint, bool? IsDone, StaleBasis? StaleBasis, bool? AutoStaleAfter)
{
    public string? Name { set => NewName = Patch.Given(value); }

    public int? WipLimit { set => NewWipLimit = Patch.Given(value); }

    public TimeSpan? StaleAfter { set => NewStaleAfter = Patch.Given(value); }

    public Patch<string?> NewName { get; private set; }

    public Patch<int?> NewWipLimit { get; private set; }

    public Patch<TimeSpan?> NewStaleAfter { get; private set; }
}

public sealed class UpdateColumnInputType : InputObjectGraphType
{
    public UpdateColumnInputType()
    {
        Name = "UpdateColumnInput";
        Description = "Changes to a column; omitted fields keep their value, null clears wipLimit or staleAfter.";
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The column.");
        Field<StringGraphType>("name").Description("New name.");
        Field<IntGraphType>("wipLimit").Description("New WIP limit; null for none.");
        Field<DurationGraphType>("staleAfter").Description("New stale threshold; null for never.");
        Field<BooleanGraphType>("isCommitmentPoint").Description("Make it the commitment point.");
        Field<BooleanGraphType>("isDone").Description("Cards here are done.");
        Field<StaleBasisType>("staleBasis").Description("What the stale threshold measures.");
        Field<BooleanGraphType>("autoStaleAfter").Description("Learn the threshold from how long cards stayed here (85th percentile).");
    }
}

public sealed record MoveColumnInput(string ColumnId, int ToPosition);

public sealed class MoveColumnInputType : InputObjectGraphType
{
    public MoveColumnInputType()
    {
        Name = "MoveColumnInput";
        Description = "A column's new place in the flow.";
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The column.");
        Field<NonNullGraphType<IntGraphType>>("toPosition").Description("0-based target position.");
    }
}

public sealed record RemoveColumnInput(string ColumnId);

public sealed class RemoveColumnInputType : InputObjectGraphType
{
    public RemoveColumnInputType()
    {
        Name = "RemoveColumnInput";
        Description = "An empty column to remove.";
        Field<NonNullGraphType<IdGraphType>>("columnId").Description("The column; it must hold no cards, archived ones included.");
    }
}

public sealed record AddSwimlaneInput(string BoardId, string Name, CustomerKind CustomerKind, int? Position);

public sealed class AddSwimlaneInputType : InputObjectGraphType
{
    public AddSwimlaneInputType()
    {
        Name = "AddSwimlaneInput";
        Description = "A new swimlane (target group).";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<NonNullGraphType<StringGraphType>>("name").Description("The target group's name.");
        Field<NonNullGraphType<CustomerKindType>>("customerKind").Description("External or internal customers.");
        Field<IntGraphType>("position").Description("0-based display position; omit to add at the end.");
    }
}

/// <summary>The name is a <see cref="Patch{T}"/>: omitted keeps it, null is refused.</summary>
public sealed record UpdateSwimlaneInput(string SwimlaneId, CustomerKind? CustomerKind)
{
    public string? Name { set => NewName = Patch.Given(value); }

    public Patch<string?> NewName { get; private set; }
}

public sealed class UpdateSwimlaneInputType : InputObjectGraphType
{
    public UpdateSwimlaneInputType()
    {
        Name = "UpdateSwimlaneInput";
        Description = "Changes to a swimlane; omitted fields keep their value.";
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("The swimlane.");
        Field<StringGraphType>("name").Description("New name.");
        Field<CustomerKindType>("customerKind").Description("External or internal customers.");
    }
}

public sealed record MoveSwimlaneInput(string SwimlaneId, int ToPosition);

public sealed class MoveSwimlaneInputType : InputObjectGraphType
{
    public MoveSwimlaneInputType()
    {
        Name = "MoveSwimlaneInput";
        Description = "A swimlane's new display position.";
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("The swimlane.");
        Field<NonNullGraphType<IntGraphType>>("toPosition").Description("0-based target position.");
    }
}

public sealed record RemoveSwimlaneInput(string SwimlaneId);

public sealed class RemoveSwimlaneInputType : InputObjectGraphType
{
    public RemoveSwimlaneInputType()
    {
        Name = "RemoveSwimlaneInput";
        Description = "An empty swimlane to remove.";
        Field<NonNullGraphType<IdGraphType>>("swimlaneId").Description("The swimlane; it must hold no cards, archived ones included.");
    }
}

/// <summary>The default threshold is a <see cref="Patch{T}"/>: omitted keeps it, null means such columns are never stale.</summary>
public sealed record UpdateBoardPolicyInput(string BoardId)
{
    public TimeSpan? DefaultStaleAfter { set => NewDefaultStaleAfter = Patch.Given(value); }

    public Patch<TimeSpan?> NewDefaultStaleAfter { get; private set; }
}

public sealed class UpdateBoardPolicyInputType : InputObjectGraphType
{
    public UpdateBoardPolicyInputType()
    {
        Name = "UpdateBoardPolicyInput";
        Description = "Board-wide policies; omitted fields keep their value.";
        Field<NonNullGraphType<IdGraphType>>("boardId").Description("The board.");
        Field<DurationGraphType>("defaultStaleAfter").Description("Stale threshold of columns without one of their own; null: such columns are never stale.");
    }
}
