namespace IoTPush.Service.Dashboard;

/// <summary>
/// The operators' dashboard at /ui/: static files from wwwroot/ui (published with the service), calling the
/// management API with the key the operator types in. The files hold no data, so they need no key themselves.
/// </summary>
public static class Dashboard
{
    public const string Path = "/ui";

    // Only the service's own files and API: no inline script or style, no other origin, not framed.
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseDashboard(this WebApplication app)
    {
        // Relative links (app.css, js/main.js, ../api) resolve from /ui/, not from /. (A middleware, not an
        // endpoint: routing would match /ui/ to /ui as well.)
        app.Use((context, next) =>
        {
            if (context.Request.Path.Value == Path)
            {
                context.Response.Redirect($"{context.Request.PathBase}{Path}/{context.Request.QueryString}");
                return Task.CompletedTask;
            }

            return next(context);
        });

        // wwwroot holds nothing but ui/, so its files are served from there as they are.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = context => AddHeaders(context.Context.Response.Headers) });
        return app;
    }

    private static void AddHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidated on every load, so that an upgraded service is never shown with yesterday's script.
        headers.CacheControl = "no-cache";
    }
}
