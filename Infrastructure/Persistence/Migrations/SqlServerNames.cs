using System.Text.RegularExpressions;

namespace KanbanCustomer.Infrastructure.Persistence.Migrations;

/// <summary>
/// Plain SQL written with "quoted" names (for SQLite and PostgreSQL), for SQL Server: the names [bracketed], so the
/// statement means the same whether the session has QUOTED_IDENTIFIER on (EF, SSMS) or off (sqlcmd without -I, where
/// "x" is a string and the statement does not parse).
/// </summary>
public static partial class SqlServerNames
{
    public static string Bracketed(string sql) => Quoted().Replace(sql, "[$1]");

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
