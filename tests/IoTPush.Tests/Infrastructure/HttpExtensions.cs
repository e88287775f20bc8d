using System.Text;
using System.Text.Json;

namespace IoTPush.Tests.Infrastructure;

public static class HttpExtensions
{
    public const string ReceiverPath = "/v1.0.0/messageReceiver";
    public const string CommandPath = "/v1.0.0/messageReceiver/cmd";

    public static Task<HttpResponseMessage> PushAsync(this HttpClient client, string body, string contentType = "application/json") =>
        client.PostAsync(ReceiverPath, new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Pushes a payload fixture to the route its type arrives on.</summary>
    public static Task<HttpResponseMessage> PushFixtureAsync(this HttpClient client, string relativePath) =>
        client.PostAsync(Payloads.Route(relativePath), new StringContent(Payloads.Read(relativePath), Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PushBytesAsync(this HttpClient client, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return client.PostAsync(ReceiverPath, content);
    }

    /// <summary>The body as JSON; the content is buffered, so this may be called more than once.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public static async Task<IReadOnlyList<string>> ErrorFieldsAsync(this HttpResponseMessage response)
    {
        var problem = await response.JsonAsync();
        return problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(error => error.Name).ToList()
            : [];
    }
}
