using GraphQL;
using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.Exceptions;
using KanbanCustomer.Api.Common;

namespace KanbanCustomer.Api.Execution;

/// <summary>
/// Parses a document only once its tokens (names, punctuation, values; comments aside) are counted and within
/// <see cref="GraphQLLimits.MaxTokens"/>: the count is one cheap pass of the lexer that stops at the first token over,
/// so a document of many small tokens is refused before the parser builds a tree for it.
/// </summary>
public sealed class TokenLimitedDocumentBuilder(GraphQLLimits limits) : IDocumentBuilder
{
    public const string TooManyTokens = "TOO_MANY_TOKENS";

    private readonly GraphQLDocumentBuilder _parser = new();

    public GraphQLParser.AST.GraphQLDocument Build(string body)
    {
        if (CountTokens(body, limits.MaxTokens) > limits.MaxTokens)
            throw new KanbanError(TooManyTokens, $"The document has more than {limits.MaxTokens} tokens; at most {limits.MaxTokens} are allowed.");
        return _parser.Build(body);
    }

    /// <summary>The document's tokens, counted up to one past <paramref name="stopAfter"/>; a syntax error ends the count (the parser reports it).</summary>
    public static int CountTokens(string body, int stopAfter)
    {
        var count = 0;
        var position = 0;
        try
        {
            while (count <= stopAfter)
            {
                var token = Lexer.Lex(body, position);
                if (token.Kind == TokenKind.EOF)
                    break;
                if (token.Kind != TokenKind.COMMENT)
                    count++;
                position = token.End;
            }
        }
        catch (GraphQLSyntaxErrorException)
        {
        }

        return count;
    }
}
