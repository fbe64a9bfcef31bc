using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace ToolBridge.Web.Hosting;

public static class Settings
{
    /// <summary><c>WorkOS:ClientId</c> → <c>WorkOS__ClientId</c>, the form Fly secrets and containers use.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__");

    /// <summary>
    /// Binds <typeparamref name="T"/> to the section at <paramref name="path"/>, validates it at start-up, and lists it
    /// among the documented settings. Add an <see cref="IValidateOptions{T}"/> for its rules.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string path) where T : class
    {
        var section = new SettingsSection(typeof(T), path);
        if (!services.Any(d => Equals(d.ImplementationInstance, section)))
        {
            services.AddSingleton(section);
            services.AddSingleton<ISettingsCheck>(new OptionsCheck<T>(section));
        }

        return services.AddOptions<T>().Bind(configuration.GetSection(path)).ValidateOnStart();
    }

    /// <summary>Runs every area's check and throws one <see cref="InvalidSettingsException"/> naming all problems.</summary>
    public static void ValidateSettings(this IServiceProvider services)
    {
        var problems = services.GetServices<ISettingsCheck>().SelectMany(check => check.Problems(services)).Distinct().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidSettingsException(problems);
        }
    }

    /// <summary>
    /// Checks the settings before the app serves. Run as its own process it prints the problems on stderr and the app
    /// exits 1; hosted by another process (the tests' WebApplicationFactory), the exception goes to that host.
    /// </summary>
    public static bool SettingsAreValid(this WebApplication app)
    {
        try
        {
            app.Services.ValidateSettings();
            return true;
        }
        catch (InvalidSettingsException exception) when (Assembly.GetEntryAssembly() == typeof(Settings).Assembly)
        {
            Console.Error.WriteLine(exception.Message);
            return false;
        }
    }

    /// <summary>
    /// A list setting given either item by item (<c>X__0</c>, <c>X__1</c>) or as one comma-separated value (<c>X=a,b</c>),
    /// which is easier to set as a Fly secret.
    /// </summary>
    public static string[] List(IConfiguration configuration, string key, string[] bound) =>
        bound.Append(configuration[key] ?? "")
            .SelectMany(item => item.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    /// <summary>An absolute http(s) URL; plain http only where <paramref name="httpOnLoopback"/> allows it and the host is this machine.</summary>
    public static bool IsHttpsUrl(string? value, bool httpOnLoopback = true) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (httpOnLoopback && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);

    /// <summary><c>scheme://host[:port]</c> in lower case without a default port, or null when it is not an http(s) origin.</summary>
    public static string? Origin(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;

    /// <summary>
    /// Reports values the binder could not convert (a word where a number belongs) by name, without echoing them, then
    /// the options class's own rules.
    /// </summary>
    private sealed class OptionsCheck<T>(SettingsSection section) : ISettingsCheck where T : class
    {
        public IEnumerable<string> Problems(IServiceProvider services)
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var unconvertible = section.Properties
                .Where(p => p.PropertyType != typeof(string) && !p.PropertyType.IsArray)
                .Where(p => configuration[$"{section.Path}:{p.Name}"] is { Length: > 0 } raw && !Converts(raw, p.PropertyType))
                .ToList();
            if (unconvertible.Count == 0)
            {
                try
                {
                    _ = services.GetRequiredService<IOptions<T>>().Value;
                    return [];
                }
                catch (OptionsValidationException exception)
                {
                    return exception.Failures;
                }
            }

            // The binder stops at the first value it cannot convert: bind the rest by hand so their rules are checked too.
            var skipped = unconvertible.Select(p => $"{section.Path}:{p.Name}").ToHashSet(StringComparer.OrdinalIgnoreCase);
            var rest = new ConfigurationBuilder()
                .AddInMemoryCollection(configuration.GetSection(section.Path).AsEnumerable().Where(pair => !skipped.Contains(pair.Key)))
                .Build();
            var options = Activator.CreateInstance<T>();
            rest.GetSection(section.Path).Bind(options);
            foreach (var post in services.GetServices<IPostConfigureOptions<T>>())
            {
                post.PostConfigure(Options.DefaultName, options);
            }

            return unconvertible.Select(p => $"{section.NameOf(p.Name)} must be {Describe(p.PropertyType)}")
                .Concat(services.GetServices<IValidateOptions<T>>().SelectMany(validator => validator.Validate(Options.DefaultName, options).Failures ?? []))
                .ToList();
        }

        private static bool Converts(string raw, Type type)
        {
            try
            {
                TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(raw);
                return true;
            }
            catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException or OverflowException
                                                  || exception.InnerException is FormatException or OverflowException)
            {
                return false;
            }
        }

        private static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(bool) => "true or false",
            var t when t == typeof(int) || t == typeof(long) => "a whole number",
            var t => $"a valid {t.Name}",
        };
    }
}
