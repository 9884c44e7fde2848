using System.Xml;
using GraphQL.Types;
using GraphQLParser.AST;

namespace KanbanCustomer.Api.Common;

/// <summary>An ISO 8601 duration such as <c>P7D</c> or <c>PT4H30M</c> (the form HotChocolate's TimeSpan uses).</summary>
public sealed class DurationGraphType : ScalarGraphType
{
    public DurationGraphType()
    {
        Name = "Duration";
        Description = "An ISO 8601 duration, e.g. \"P7D\" (7 days) or \"PT4H30M\".";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        string s => Parse(s),
        TimeSpan t => t,
        null => null,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        TimeSpan t => XmlConvert.ToString(t),
        null => null,
        _ => ThrowSerializationError(value),
    };

    private static TimeSpan Parse(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"'{text}' is not an ISO 8601 duration such as P7D or PT4H.");
        }
        catch (OverflowException)
        {
            throw new FormatException($"'{text}' is out of range.");
        }
    }
}
