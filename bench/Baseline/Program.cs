// The benchmark's baseline: an ASP.NET Core minimal API that reads the whole body and answers 200
// with a body shaped like IoTPush's, doing no validation and no storage. No logging providers.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapPost("/v1.0.0/messageReceiver", async (HttpRequest request) =>
{
    var buffer = new byte[4096];
    while (await request.Body.ReadAsync(buffer) > 0)
    {
    }

    return Results.Text("""{"id":"baseline","duplicate":false}""", "application/json");
});

app.Run();
