using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// Microsoft's own T-SQL parser (ScriptDom) over the SQL this code sends to SQL Server: the grammar of SQL Server 2022
/// (TSql160) and of SQL Server 2025 (TSql170). No server is needed; what parses here is at least well formed T-SQL.
/// </summary>
public static partial class TSqlScripts
{
    /// <summary>The batches of a script, split on <c>GO</c> lines as sqlcmd and SSMS split them.</summary>
    public static IReadOnlyList<string> Batches(string script) =>
        GoLine().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

    /// <summary>
    /// Every parse error of <paramref name="sql"/>, with the grammar, line, column and message; none when it parses.
    /// The text of <c>EXEC(N'...')</c> (how idempotent scripts wrap some DDL) is parsed too. With
    /// <paramref name="quotedIdentifiers"/> false, <c>"text"</c> is a string, as in a session with QUOTED_IDENTIFIER OFF.
    /// </summary>
    public static IReadOnlyList<string> Errors(string sql, bool quotedIdentifiers = true)
    {
        var errors = new List<string>();
        foreach (var parser in new TSqlParser[] { new TSql160Parser(quotedIdentifiers), new TSql170Parser(quotedIdentifiers) })
        {
            using var reader = new StringReader(sql);
            var fragment = parser.Parse(reader, out var found);
            errors.AddRange(found.Select(e => $"{parser.GetType().Name} line {e.Line}, column {e.Column}: {e.Message}"));
            if (found.Count > 0)
                continue;
            var dynamic = new DynamicSql();
            fragment.Accept(dynamic);
            foreach (var inner in dynamic.Texts)
                errors.AddRange(Errors(inner, quotedIdentifiers).Select(e => $"in EXEC('{inner}'): {e}"));
        }

        return errors.Distinct().ToList();
    }

    /// <summary>The SQL text that <c>EXEC('...')</c> statements run, where it is written as string literals.</summary>
    public static IReadOnlyList<string> DynamicTexts(string sql)
    {
        using var reader = new StringReader(sql);
        var fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out _);
        var dynamic = new DynamicSql();
        fragment.Accept(dynamic);
        return dynamic.Texts;
    }

    private sealed class DynamicSql : TSqlFragmentVisitor
    {
        public List<string> Texts { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            if (node.Strings.All(s => s is StringLiteral))
                Texts.Add(string.Concat(node.Strings.Cast<StringLiteral>().Select(s => s.Value)));
            base.Visit(node);
        }
    }

    /// <summary>Fails with the statement and its errors unless <paramref name="sql"/> parses.</summary>
    public static void AssertParses(string what, string sql)
    {
        Assert.False(string.IsNullOrWhiteSpace(sql), $"{what}: no SQL");
        var errors = Errors(sql);
        TestContext.Current.TestOutputHelper?.WriteLine($"-- {what}\n{sql}\n");
        Assert.True(errors.Count == 0, $"{what} does not parse as T-SQL:\n{string.Join("\n", errors)}\n--- SQL ---\n{sql}");
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
