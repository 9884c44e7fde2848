using KanbanCustomer.Infrastructure.Persistence;
using Npgsql;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>PostgreSQL connections prepare their statements and keep their session between a request's statements, unless the connection string says otherwise.</summary>
public sealed class NpgsqlTuningTests
{
    [Fact]
    public void A_plain_connection_string_gets_auto_prepare_and_no_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceSetup.Tuned("Host=127.0.0.1;Username=kanban;Password=kanban"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("127.0.0.1", tuned.Host);
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=h;MaxAutoPrepare=0;NoResetOnClose=false")]
    public void What_the_connection_string_names_stays(string connection)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceSetup.Tuned(connection));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
