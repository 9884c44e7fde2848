using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace KanbanCustomer.Api.Common.Reads;

/// <summary>
/// How a field reads in SQL, declared by its feature beside the resolver, for the compiled read path
/// (<see cref="ReadPlan"/>). A field without a declaration is resolved only by its resolver; an operation that selects
/// one runs the usual way. Names are the entity's CLR property names; the table and column names come from the EF model.
/// </summary>
public abstract record SqlRead
{
    public const string Key = "kanban:sqlRead";
}

/// <summary>A leaf read straight from a column and serialized by the field's own graph type.</summary>
public sealed record ColumnRead(string Property) : SqlRead;

/// <summary>A global id (<see cref="Ids.Global(string, Guid)"/>) made from a Guid column.</summary>
public sealed record GlobalIdRead(string TypeName, string Property) : SqlRead;

/// <summary>A Boolean: whether the row's <paramref name="Property"/> holds a value (a card is stale while StaleSince is set).</summary>
public sealed record HasValueRead(string Property) : SqlRead;

/// <summary>
/// How many rows of <paramref name="Entity"/> point at this row through <paramref name="ForeignKey"/> (only those whose
/// <paramref name="HiddenFlag"/> is false, when given): a card's votes, a column's unarchived cards.
/// </summary>
public sealed record CountRead(Type Entity, string ForeignKey, string? HiddenFlag = null) : SqlRead;

/// <summary>Whether <paramref name="Entity"/> holds a row pointing at this row whose <paramref name="UserKey"/> is the viewer (their vote).</summary>
public sealed record ViewerHasRead(Type Entity, string ForeignKey, string UserKey) : SqlRead;

/// <summary>The viewer's <paramref name="Value"/> in the row of <paramref name="Entity"/> pointing at this row (their role on a board).</summary>
public sealed record ViewerValueRead(Type Entity, string ForeignKey, string UserKey, string Value) : SqlRead;

/// <summary>
/// A reference to another row by the <paramref name="ForeignKey"/> this row holds (a card's swimlane): compiled when the
/// selection asks only for the referenced row's global id (its field reading <paramref name="TargetKey"/>) and
/// <c>__typename</c>, which the key alone gives.
/// </summary>
public sealed record ReferenceRead(string ForeignKey, string TargetKey = "Id") : SqlRead;

/// <summary>An object made from the same row (a card's evidence counts): compiled when each field it selects reads from the row.</summary>
public sealed record SameRowRead : SqlRead;

/// <summary>A sort step of a list, by an entity property.</summary>
public sealed record SortRead(string Property, bool Descending = false);

/// <summary>
/// Who may see a root list's rows: those for which <paramref name="Entity"/> holds a row whose <paramref name="ForeignKey"/>
/// is the row's key and whose <paramref name="UserKey"/> is the viewer (a board's members).
/// </summary>
public sealed record MemberRead(Type Entity, string ForeignKey, string UserKey);

/// <summary>A root field returning one row by its global id argument, for members only (any role).</summary>
public sealed record RowByIdRead(Type Entity, string Argument, string IdType, MemberRead Members) : SqlRead;

/// <summary>A root connection of the rows the viewer is a member of, in <paramref name="Order"/>, a page of <c>first</c> at a time.</summary>
public sealed record MemberPageRead(Type Entity, MemberRead Members, SortRead[] Order) : SqlRead;

/// <summary>A non-paged list of child rows whose <paramref name="ForeignKey"/> is the parent's key.</summary>
public sealed record ChildListRead(Type Entity, string ForeignKey, SortRead[] Order) : SqlRead;

/// <summary>
/// A connection of child rows (<paramref name="ForeignKey"/> = the parent's key, <paramref name="HiddenFlag"/> false unless
/// <paramref name="IncludeHiddenArgument"/> says otherwise), ordered cell by cell: the cells are the rows of
/// <paramref name="CellEntity"/> sharing the parent's <paramref name="Scope"/> (a board's swimlanes), in
/// <paramref name="CellOrder"/>; a child belongs to the cell its <paramref name="CellKey"/> names, and within a cell the
/// children go in <paramref name="Order"/>. The SQL walks each cell's index (Scope, ForeignKey, CellKey, Order...) and
/// stops after a page. Only <c>first</c> is compiled; any other argument of the field runs the usual way. Cursors are
/// the keyset cursors of the ordering named <paramref name="CursorSignature"/>: the parent's
/// <paramref name="ParentOrder"/>, the cell's <paramref name="CellOrder"/>, then <paramref name="Order"/>.
/// </summary>
public sealed record CellPageRead(
    Type Entity, string ForeignKey, string Scope, string HiddenFlag, string IncludeHiddenArgument,
    Type CellEntity, string CellKey, string CellOrder, SortRead[] Order, string ParentOrder, string CursorSignature) : SqlRead;

public static class SqlReads
{
    /// <summary>Declares how the field reads in SQL (<see cref="SqlRead"/>).</summary>
    public static FieldBuilder<TSource, TReturn> Reads<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, SqlRead read) =>
        field.WithMetadata(SqlRead.Key, read);

    /// <summary>The field's declaration, if it has one.</summary>
    public static SqlRead? Of(FieldType field) => field.GetMetadata<SqlRead?>(SqlRead.Key);
}
