using Npgsql;

namespace ToolBridge.Web.Database;

/// <summary>
/// Turns the <c>postgres://user:password@host:port/database?sslmode=…</c> URL that Fly sets (for attached Fly Postgres
/// and Managed Postgres alike, with either scheme) into an Npgsql connection string. Errors never quote the URL: it
/// holds the password.
/// </summary>
public static class DatabaseUrl
{
    /// <param name="url">The URL.</param>
    /// <param name="setting">The setting it came from, named in errors (<c>DATABASE_URL</c>, <c>DATABASE_DIRECT_URL</c>).</param>
    public static string ToConnectionString(string url, string setting = "DATABASE_URL")
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidOperationException($"{setting} must look like postgres://user:password@host:port/database.");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = Uri.UnescapeDataString(userInfo[0]),
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.Split('=', 2) is [var k, var v] ? (k, Uri.UnescapeDataString(v)) : (pair, "");
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = value.ToLowerInvariant() switch
                    {
                        "disable" => SslMode.Disable,
                        "allow" => SslMode.Allow,
                        "prefer" => SslMode.Prefer,
                        "require" => SslMode.Require,
                        "verify-ca" => SslMode.VerifyCA,
                        "verify-full" => SslMode.VerifyFull,
                        _ => throw new InvalidOperationException($"{setting} has an unknown sslmode '{value}'."),
                    };
                    break;
                case "connect_timeout":
                    builder.Timeout = int.TryParse(value, out var seconds) && seconds >= 0
                        ? seconds
                        : throw new InvalidOperationException($"{setting} has a connect_timeout that is not a whole number of seconds.");
                    break;
                case "application_name":
                    builder.ApplicationName = value;
                    break;
            }
        }

        return builder.ConnectionString;
    }
}
