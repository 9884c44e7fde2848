using System.Data.Common;
using KanbanCustomer.Api.Common.Reads;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace KanbanCustomer.Tests.Support;

/// <summary>
/// Counts the SQL commands EF sends (and the statements of compiled reads) for the test's own requests, so tests can show a query's cost does not grow with
/// the data. <see cref="Reset"/> starts a count in the calling test's async flow: requests it sends (the test server
/// keeps the caller's execution context) are counted; background work (event relay, webhook sweep) is not.
/// SQL Server's <c>[identifiers]</c> are kept as <c>"identifiers"</c>, as SQLite and PostgreSQL write them, so tests that
/// look for a table or a column in the text hold on every provider.
/// </summary>
public sealed partial class CommandCounter : DbCommandInterceptor, IReadListener
{
    private readonly AsyncLocal<Tally?> _current = new();

    public int Count => _current.Value?.Count ?? 0;

    /// <summary>SQL texts of the counted commands, oldest first.</summary>
    public IReadOnlyList<string> Commands => _current.Value?.Texts.ToArray() ?? [];

    public void Reset() => _current.Value = new Tally();

    /// <summary>Statements of a compiled read (Api/Common/Reads), sent together outside EF's command pipeline: each counts.</summary>
    public void Sending(IReadOnlyList<string> statements)
    {
        foreach (var statement in statements)
            _current.Value?.Add(statement);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _current.Value?.Add(Text(command));
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _current.Value?.Add(Text(command));
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        _current.Value?.Add(Text(command));
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static string Text(DbCommand command) =>
        command is Microsoft.Data.SqlClient.SqlCommand ? Bracketed().Replace(command.CommandText, "\"$1\"") : command.CommandText;

    [System.Text.RegularExpressions.GeneratedRegex(@"\[([^\]]+)\]")]
    private static partial System.Text.RegularExpressions.Regex Bracketed();

    private sealed class Tally
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _texts = new();

        public int Count => _texts.Count;

        public IEnumerable<string> Texts => _texts;

        public void Add(string text) => _texts.Enqueue(text);
    }
}
