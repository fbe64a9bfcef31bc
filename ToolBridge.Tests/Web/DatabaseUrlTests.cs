using Microsoft.Extensions.Configuration;
using Npgsql;
using ToolBridge.Web.Database;

namespace ToolBridge.Tests.Web;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void ToConnectionString_FlyUrl_CarriesEveryPart()
    {
        const string url = "postgres://user:p%40ss@host:5433/db?sslmode=require";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal("user", builder.Username);
        Assert.Equal("p@ss", builder.Password);
        Assert.Equal("host", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("db", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void ToConnectionString_NoPort_Uses5432()
    {
        const string url = "postgres://user:secret@db.internal/app";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal(5432, builder.Port);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal("app", builder.Database);
    }

    [Fact]
    public void ToConnectionString_PostgresqlScheme_IsAccepted()
    {
        const string url = "postgresql://user:secret@host:6543/db?sslmode=disable";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal("host", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("secret", builder.Password);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Fact]
    public void ToConnectionString_PasswordWithSpecialCharacters_IsDecoded()
    {
        const string url = "postgres://app%2Buser:a%3Ab%2Fc%3Fd%26e@host/db";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal("app+user", builder.Username);
        Assert.Equal("a:b/c?d&e", builder.Password);
    }

    [Fact]
    public void ToConnectionString_FlyPrivateIpv6Host_DropsTheBrackets()
    {
        const string url = "postgres://app:secret@[fdaa:0:1a2b::3]:5432/toolbridge?sslmode=disable";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal("fdaa:0:1a2b::3", builder.Host);
        Assert.Equal(5432, builder.Port);
        Assert.Equal(SslMode.Disable, builder.SslMode);
    }

    [Fact]
    public void ToConnectionString_ConnectTimeoutAndApplicationName_AreCarried()
    {
        const string url = "postgresql://app:secret@db.flycast/toolbridge?connect_timeout=7&application_name=toolbridge-web&target_session_attrs=any";

        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url));

        Assert.Equal(7, builder.Timeout);
        Assert.Equal("toolbridge-web", builder.ApplicationName);
        Assert.Equal("db.flycast", builder.Host);
    }

    [Theory]
    [InlineData("postgres:///toolbridge")]
    [InlineData("postgres://user:pw-x7Q@host/db?connect_timeout=soon")]
    public void ToConnectionString_NoHostOrBadTimeout_ThrowsWithoutThePassword(string url)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => DatabaseUrl.ToConnectionString(url));

        Assert.Contains("DATABASE_URL", exception.Message);
        Assert.DoesNotContain("pw-x7Q", exception.Message);
    }

    [Theory]
    [InlineData("mysql://user:pass@host:3306/db")]
    [InlineData("https://user:pass@host/db")]
    [InlineData("not a url")]
    [InlineData("")]
    public void ToConnectionString_BadScheme_Throws(string url)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => DatabaseUrl.ToConnectionString(url));

        Assert.Contains("DATABASE_URL", exception.Message);
    }

    [Fact]
    public void ToConnectionString_UnknownSslMode_Throws()
    {
        const string url = "postgres://user:pass@host/db?sslmode=sometimes";

        var exception = Assert.Throws<InvalidOperationException>(() => DatabaseUrl.ToConnectionString(url));

        Assert.Contains("sometimes", exception.Message);
    }

    [Fact]
    public void ConnectionString_BothConfigured_PrefersConnectionStringsPostgres()
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", "Host=primary;Database=one"), ("DATABASE_URL", "postgres://u:p@fly-db:5432/two"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal("primary", builder.Host);
        Assert.Equal("one", builder.Database);
    }

    [Fact]
    public void ConnectionString_OnlyDatabaseUrl_ConvertsTheUrl()
    {
        var configuration = Configuration(("DATABASE_URL", "postgres://u:p@fly-db:5433/two"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal("fly-db", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("two", builder.Database);
    }

    [Fact]
    public void ConnectionString_EmptyConnectionString_FallsBackToDatabaseUrl()
    {
        var configuration = Configuration(("ConnectionStrings:Postgres", ""), ("DATABASE_URL", "postgres://u:p@fly-db/two"));

        var builder = new NpgsqlConnectionStringBuilder(DatabaseExtensions.ConnectionString(configuration));

        Assert.Equal("fly-db", builder.Host);
    }

    [Fact]
    public void ConnectionString_NothingConfigured_ThrowsNamingBothSettings()
    {
        var configuration = Configuration();

        var exception = Assert.Throws<InvalidOperationException>(() => DatabaseExtensions.ConnectionString(configuration));

        Assert.Contains("ConnectionStrings__Postgres", exception.Message);
        Assert.Contains("DATABASE_URL", exception.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build();
}
