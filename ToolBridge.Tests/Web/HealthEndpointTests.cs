using System.Net;
using Npgsql;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Web;

public sealed class HealthEndpointTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    /// <summary>Nothing listens on port 1, so connecting fails at once.</summary>
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Database=toolbridge;Username=postgres;Timeout=5";

    [Fact]
    public async Task Live_MigratedDatabase_Answers200()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_MigratedDatabase_Answers200()
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_DatabaseWithoutMigrations_Answers503WithTheStatusOnly()
    {
        var connectionString = await CreateEmptyDatabaseAsync();
        await using var app = new ToolBridgeAppFactory(connectionString);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_UnreachableDatabase_Answers503WithTheStatusOnly()
    {
        await using var app = new ToolBridgeAppFactory(UnreachableDatabase);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Live_UnreachableDatabase_StillAnswers200()
    {
        await using var app = new ToolBridgeAppFactory(UnreachableDatabase);
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_AnyProbe_AnswersPlainTextWithoutCaching(string path)
    {
        await using var app = new ToolBridgeAppFactory(fixture.ConnectionString);
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache ?? false, "health answers must not be cached");
    }

    private static async Task<string> CreateEmptyDatabaseAsync()
    {
        var connectionString = DatabaseFixture.NewDatabaseConnectionString("tb_empty");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var server = new NpgsqlConnection(DatabaseFixture.ServerConnectionString);
        await server.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", server);
        await create.ExecuteNonQueryAsync();
        return connectionString;
    }
}
