using KanbanCustomer.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace KanbanCustomer.Tests.Persistence;

/// <summary>PostgreSQL connections prepare their statements, keep their session between a request's statements and skip TLS on the loopback address, unless the connection string says otherwise.</summary>
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
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    [InlineData("127.0.0.1,localhost:5433")]
    public void A_server_on_the_loopback_address_is_reached_without_tls(string host)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceSetup.Tuned($"Host={host};Username=kanban"));

        Assert.Equal(SslMode.Disable, tuned.SslMode);
    }

    [Theory]
    [InlineData("db.example")]
    [InlineData("10.0.0.5")]
    [InlineData("127.0.0.1,db.example")]
    public void A_server_elsewhere_keeps_npgsqls_tls_default(string host)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceSetup.Tuned($"Host={host};Username=kanban"));

        Assert.Equal(new NpgsqlConnectionStringBuilder().SslMode, tuned.SslMode);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;SSL Mode=Require")]
    [InlineData("Host=localhost;SslMode=Require")]
    public void A_named_tls_mode_stays_even_on_the_loopback_address(string connection)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceSetup.Tuned(connection));

        Assert.Equal(SslMode.Require, tuned.SslMode);
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

    [Fact]
    public void Compiled_reads_get_a_pool_of_twice_the_cores_or_the_configured_size()
    {
        var none = new ConfigurationBuilder().Build();
        var four = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ReadPoolSize"] = "4" }).Build();
        const string plain = "Host=127.0.0.1;Username=kanban";

        Assert.Equal(2 * Environment.ProcessorCount, new NpgsqlConnectionStringBuilder(PersistenceSetup.ReadPool(plain, none)).MaxPoolSize);
        Assert.Equal(4, new NpgsqlConnectionStringBuilder(PersistenceSetup.ReadPool(plain, four)).MaxPoolSize);
        // The connection string's own maximum wins over both.
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(PersistenceSetup.ReadPool(plain + ";Maximum Pool Size=30", four)).MaxPoolSize);
        Assert.Throws<InvalidOperationException>(() => PersistenceSetup.ReadPool(plain,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ReadPoolSize"] = "0" }).Build()));
    }
}
