using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// API tests are written once, against <see cref="KanbanApp"/>, and run on SQLite and on PostgreSQL
/// through the two fixtures below (PostgreSQL tests skip locally without a server, and fail in CI).
/// </summary>
public abstract class ApiTestBase(KanbanApp app)
{
    protected KanbanApp App { get; } = app.Require();

    protected GraphQLClient Alice => App.ClientFor("alice", "Alice");

    protected GraphQLClient Bob => App.ClientFor("bob", "Bob");

    protected GraphQLClient Carol => App.ClientFor("carol", "Carol");
}
