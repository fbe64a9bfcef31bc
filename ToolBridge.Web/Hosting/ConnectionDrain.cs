using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ToolBridge.Web.Hosting;

/// <summary>
/// A stop that leaves no caller without an answer. Once the listener closes, Kestrel at once closes every HTTP/1.1
/// connection with no request being read, and lets the others finish: but a connection it accepted an instant before
/// may have its request still on the way, and a keep-alive connection whose last answer went out without
/// <c>Connection: close</c> may be carrying the caller's next request. Either caller would see the connection end
/// without an answer, not knowing whether the call ran. So, once the app is stopping, every answer says
/// <c>Connection: close</c>, and Kestrel's close of a connection is held for <see cref="Grace"/>: a request that
/// arrives within it is answered, and its caller's next one finds the listener closed.
/// </summary>
public static class ConnectionDrain
{
    /// <summary>How long a connection may still bring a request once the stop has begun; well within the drain.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddConnectionDrain(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Use(next => connection =>
        {
            if (connection.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime)
            {
                connection.Features.Set<IConnectionLifetimeNotificationFeature>(new HeldClose(lifetime));
            }

            return next(connection);
        })));

    /// <summary>Must come first, so every answer given during a stop closes its connection.</summary>
    public static void UseConnectionDrain(this WebApplication app)
    {
        var stopping = app.Lifetime.ApplicationStopping;
        app.Use(next => context =>
        {
            if (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            {
                context.Response.OnStarting(() =>
                {
                    if (stopping.IsCancellationRequested && context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols)
                    {
                        context.Response.Headers.Connection = "close";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }

    /// <summary>The connection's close request as the HTTP layer sees it: Kestrel's, <see cref="Grace"/> later.</summary>
    private sealed class HeldClose : IConnectionLifetimeNotificationFeature
    {
        private readonly IConnectionLifetimeNotificationFeature _kestrel;
        private readonly CancellationTokenSource _closeRequested = new();

        public HeldClose(IConnectionLifetimeNotificationFeature kestrel)
        {
            _kestrel = kestrel;
            kestrel.ConnectionClosedRequested.Register(static state => ((CancellationTokenSource)state!).CancelAfter(Grace), _closeRequested);
        }

        public CancellationToken ConnectionClosedRequested
        {
            get => _closeRequested.Token;
            set => throw new NotSupportedException("The close request is Kestrel's, held for the grace.");
        }

        public void RequestClose() => _kestrel.RequestClose();
    }
}
