using System.Linq.Expressions;
using GraphQL;
using GraphQL.Builders;
using GraphQL.DataLoader;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KanbanCustomer.Api.Common.Connections;

/// <summary>A Relay connection as resolved: the page's edges, where it sits, and its total on request.</summary>
public sealed class Connection<TNode>(IReadOnlyList<Edge<TNode>> edges, PageInfo pageInfo, Func<IDataLoaderResult<int>> totalCount)
{
    public IReadOnlyList<Edge<TNode>> Edges { get; } = edges;

    public PageInfo PageInfo { get; } = pageInfo;

    /// <summary>Counted only when a client selects <c>totalCount</c>.</summary>
    public IDataLoaderResult<int> TotalCount() => totalCount();
}

/// <summary>A node and its cursor; the cursor is encoded only when a client selects it.</summary>
public sealed class Edge<TNode>(TNode node, Func<string> cursor)
{
    private string? _cursor;

    public TNode Node { get; } = node;

    public string Cursor => _cursor ??= cursor();
}

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>
/// How to load one connection field: its rows (filtered), the parent each row belongs to, the order, and optionally
/// the parts a parent's rows fall into for that order (<see cref="Partitioning{TRow, TParent}"/>).
/// </summary>
public sealed record ConnectionSpec<TRow, TParent>(
    IQueryable<TRow> Rows, Expression<Func<TRow, TParent>> ParentKey, Ordering<TRow> Ordering, Partitioning<TRow, TParent>? Partitions = null)
    where TParent : notnull;

/// <summary>
/// Per-request loader of connection pages. All parents that ask for the same field of the same document (a
/// connection nested in a list) share one spec and one batch: one query per level, and one COUNT when
/// <c>totalCount</c> is selected.
/// </summary>
public sealed class ConnectionLoaders(PageDefaults defaults) : IRequestLoaders
{
    private readonly Dictionary<(GraphQLField Field, Type Row), object> _batches = [];

    public void Clear() => _batches.Clear();

    public IDataLoaderResult<Connection<TNode>> Load<TRow, TParent, TNode>(
        IResolveFieldContext context, TParent parent, Func<ConnectionSpec<TRow, TParent>> spec, Func<TRow, TNode> node)
        where TParent : notnull
    {
        var key = (context.FieldAst, typeof(TRow));
        if (!_batches.TryGetValue(key, out var found))
        {
            found = new Batch<TRow, TParent>(spec(), context.PageArgs(defaults.DefaultPageSize));
            _batches[key] = found;
        }

        var batch = (Batch<TRow, TParent>)found;
        return batch.Pages.Load(parent).Then(page => batch.ToConnection(page, parent, node));
    }

    private sealed class Batch<TRow, TParent> where TParent : notnull
    {
        private readonly ConnectionSpec<TRow, TParent> _spec;

        public Batch(ConnectionSpec<TRow, TParent> spec, PageArgs page)
        {
            _spec = spec;
            Pages = new((parents, ct) => Keyset.PagesAsync(spec.Rows, spec.ParentKey, parents, spec.Ordering, page, ct, spec.Partitions), new Page<TRow>([], false, false));
            Counts = new((parents, ct) => Keyset.CountsAsync(spec.Rows, spec.ParentKey, parents, ct), 0);
        }

        public BatchLoader<TParent, Page<TRow>> Pages { get; }

        public BatchLoader<TParent, int> Counts { get; }

        public Connection<TNode> ToConnection<TNode>(Page<TRow> page, TParent parent, Func<TRow, TNode> node)
        {
            var ordering = _spec.Ordering;
            var edges = page.Rows.Select(row => new Edge<TNode>(node(row), () => Cursor.Encode(ordering, row))).ToList();
            var info = new PageInfo(page.HasNext, page.HasPrevious, edges.Count > 0 ? edges[0].Cursor : null, edges.Count > 0 ? edges[^1].Cursor : null);
            return new Connection<TNode>(edges, info, () => Counts.Load(parent));
        }
    }
}

public static class ConnectionArguments
{
    public const string First = "first";
    public const string Last = "last";
    public const string After = "after";
    public const string Before = "before";

    /// <summary>Relay's <c>first/after/last/before</c>; sizes are checked before execution (<see cref="PageSizeRule"/>).</summary>
    public static FieldBuilder<TSource, TReturn> PageArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, string items) =>
        field.Argument<IntGraphType>(First, $"The first N {items} (after 'after'); 1 to the server's maximum page size (500 by default). Without first or last: the default page size (50).")
            .Argument<StringGraphType>(After, $"A cursor from this list: only {items} after it.")
            .Argument<IntGraphType>(Last, $"The last N {items} (before 'before'); 1 to the server's maximum page size. Not together with first.")
            .Argument<StringGraphType>(Before, $"A cursor from this list: only {items} before it.");

    public static PageArgs PageArgs(this IResolveFieldContext context, int defaultSize)
    {
        var first = context.GetArgument<int?>(First);
        var last = context.GetArgument<int?>(Last);
        return new PageArgs(first ?? last ?? defaultSize, last is not null && first is null,
            context.GetArgument<string?>(After), context.GetArgument<string?>(Before));
    }

    public static ConnectionLoaders Connections(this IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("RequestServices is not set.")).GetRequiredService<ConnectionLoaders>();
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Where a page sits in its list (Relay cursor connections).";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Description("More items follow the page.").Resolve(ctx => ctx.Source.HasNextPage);
        Field<NonNullGraphType<BooleanGraphType>>("hasPreviousPage").Description("Items come before the page (when paging with after: whether after was given).").Resolve(ctx => ctx.Source.HasPreviousPage);
        Field<StringGraphType>("startCursor").Description("The first edge's cursor; null for an empty page.").Resolve(ctx => ctx.Source.StartCursor);
        Field<StringGraphType>("endCursor").Description("The last edge's cursor; null for an empty page.").Resolve(ctx => ctx.Source.EndCursor);
    }
}

/// <summary>A <c>{Node}Connection</c> type: edges, nodes, pageInfo and an opt-in totalCount.</summary>
public abstract class ConnectionType<TNodeType, TEdgeType, TNode> : ObjectGraphType<Connection<TNode>>
    where TNodeType : IGraphType
    where TEdgeType : IGraphType
{
    protected ConnectionType(string nodeName, string items)
    {
        Name = nodeName + "Connection";
        Description = $"A page of {items} (Relay cursor connection).";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TEdgeType>>>>("edges").Description($"The page's {items} with their cursors.").Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes").Description($"The page's {items}, when cursors are not needed.")
            .Resolve(ctx => ctx.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Where the page sits in the list.").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description($"How many {items} the list holds over all pages (with the filter applied); counted only when selected.")
            .Resolve(ctx => ctx.Source.TotalCount());
    }
}

/// <summary>A <c>{Node}Edge</c> type.</summary>
public abstract class EdgeType<TNodeType, TNode> : ObjectGraphType<Edge<TNode>>
    where TNodeType : IGraphType
{
    protected EdgeType(string nodeName)
    {
        Name = nodeName + "Edge";
        Description = $"One {nodeName} in a page, with its cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as after (or before) to page from here; opaque.").Resolve(ctx => ctx.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description($"The {nodeName}.").Resolve(ctx => ctx.Source.Node);
    }
}
