using System.Data;
using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace KanbanCustomer.Tests.Persistence.SqlServer;

/// <summary>
/// Rows for a recorded query, made from domain objects: each column the statement selects (<c>[alias].[Column]</c>) is
/// read from the object of that alias's table, through the model's own value converters, in the statement's order.
/// So a <see cref="SqlServerRecorder"/> can answer a query the way SQL Server would and the code after it runs on.
/// </summary>
public static class EntityRows
{
    /// <summary>One result row per item of <paramref name="rows"/>; each item holds one object per table the statement reads.</summary>
    public static DataTable Of(KanbanDbContext db, string sql, IEnumerable<object[]> rows)
    {
        using var reader = new StringReader(sql);
        var script = new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        Assert.Empty(errors);
        var tables = new Tables();
        script.Accept(tables);
        var query = (QuerySpecification)((SelectStatement)((TSqlScript)script).Batches[0].Statements[0]).QueryExpression;

        var columns = query.SelectElements.Select(element =>
        {
            var reference = (ColumnReferenceExpression)((SelectScalarExpression)element).Expression;
            var parts = reference.MultiPartIdentifier.Identifiers;
            var table = tables.Of(parts[0].Value);
            var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table && e.FindOwnership() is null);
            return entity.GetProperties().Single(p => p.GetColumnName() == parts[^1].Value);
        }).ToList();

        var result = new DataTable();
        foreach (var (property, i) in columns.Select((p, i) => (p, i)))
            result.Columns.Add($"c{i}", ProviderType(property));
        foreach (var row in rows)
        {
            result.Rows.Add(columns.Select(property =>
            {
                var owner = row.Single(o => property.DeclaringType.ClrType.IsInstanceOfType(o));
                var value = property.GetGetter().GetClrValue(owner);
                var converter = property.GetTypeMapping().Converter;
                return (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
            }).ToArray());
        }

        return result;
    }

    private static Type ProviderType(IProperty property)
    {
        var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>Each alias's table; an alias of a derived table stands for the table its query reads.</summary>
    private sealed class Tables : TSqlFragmentVisitor
    {
        private readonly Dictionary<string, string> _tables = [];
        private readonly Dictionary<string, QueryDerivedTable> _derived = [];

        public string Of(string alias)
        {
            if (_tables.TryGetValue(alias, out var table))
                return table;
            var inner = new Tables();
            _derived[alias].QueryExpression.Accept(inner);
            return inner._tables.Values.First();
        }

        public override void Visit(NamedTableReference node)
        {
            _tables[node.Alias?.Value ?? node.SchemaObject.BaseIdentifier.Value] = node.SchemaObject.BaseIdentifier.Value;
            base.Visit(node);
        }

        public override void Visit(QueryDerivedTable node)
        {
            _derived[node.Alias.Value] = node;
            base.Visit(node);
        }
    }
}
