namespace IoTPush.Tests.Infrastructure;

public static class RealServer
{
    /// <summary>Starts the application on real Kestrel, on a free loopback port, and returns a client for it.</summary>
    public static HttpClient StartOnKestrel(this IoTPushApplication app)
    {
        app.UseKestrel(0);
        app.StartServer();
        return app.CreateClient();
    }
}
