using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IoTPush.Notifications;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IoTPush.Service.OpenApi;

/// <summary>
/// Makes the schemas of the push family say what the receiver accepts, not what a serializer would write:
/// objects are open (unknown properties are kept), a documented string may also be a JSON number (read as its
/// text), enumerations are listed, and mandatory fields are named in the description, since names match in any
/// letter case and JSON Schema cannot require a name case-insensitively; only <c>notifyType</c> is required.
/// </summary>
public sealed class WireSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema wire || context.Type.Namespace != typeof(Notification).Namespace || wire.Properties is null)
        {
            return;
        }

        var pushType = typeof(Notification).IsAssignableFrom(context.Type) ? PushFamily.All.For(context.Type) : null;
        var mandatory = (wire.Required ?? new HashSet<string>()).Where(name => name != "notifyType").Order(StringComparer.Ordinal).ToList();
        wire.Required = new HashSet<string>();
        wire.AdditionalPropertiesAllowed = true;
        wire.AdditionalProperties = null;
        foreach (var (name, property) in wire.Properties.ToList())
        {
            var member = Member(context.Type, name);
            wire.Properties[name] = property switch
            {
                OpenApiSchema text when IsText(text) => TextOrNumber(text, member?.GetCustomAttribute<AllowedValuesAttribute>()),
                OpenApiSchema { Items: OpenApiSchema items } array when IsText(items) =>
                    new OpenApiSchema { Type = array.Type, Description = array.Description, Items = TextOrNumber(items, null) },
                OpenApiSchemaReference reference when member is not null && IsNullable(member) => OrNull(reference),
                _ => property,
            };
        }

        if (pushType is not null)
        {
            wire.Properties.Remove("notifyType");
            if (pushType.NotifyType != NotifyTypes.NBCommandStateChanged)
            {
                wire.Properties = new Dictionary<string, IOpenApiSchema> { ["notifyType"] = NotifyTypeSchema(pushType) }
                    .Concat(wire.Properties).ToDictionary();
                wire.Required.Add("notifyType");
            }

            wire.Examples = [JsonNode.Parse(pushType.Example)!];
        }

        if (mandatory.Count > 0)
        {
            wire.Description = ($"{wire.Description}\n\nMandatory: {string.Join(", ", mandatory)}. Names match in any letter case, "
                + "which JSON Schema cannot express, so they are not listed under `required`.").TrimStart();
        }
    }

    private static OpenApiSchema NotifyTypeSchema(PushType type) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [JsonValue.Create(type.NotifyType)],
        Description = "The notification type.",
    };

    /// <summary>"A string, or a number read as its text": the string with its limits, or a number (unless the values are words).</summary>
    private static OpenApiSchema TextOrNumber(OpenApiSchema text, AllowedValuesAttribute? allowed)
    {
        var values = allowed?.Values.Select(value => value?.ToString()).OfType<string>().ToList();
        var asString = new OpenApiSchema
        {
            Type = text.Type,
            MinLength = text.MinLength,
            MaxLength = text.MaxLength,
            Enum = values?.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
        };
        if (values is not null && !values.All(value => int.TryParse(value, out _)))
        {
            asString.Description = text.Description;
            return asString;
        }

        var asNumber = values is null
            ? new OpenApiSchema { Type = JsonSchemaType.Number }
            : new OpenApiSchema { Type = JsonSchemaType.Integer, Enum = values.Select(value => (JsonNode)JsonValue.Create(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture))).ToList() };
        return new OpenApiSchema { Description = text.Description, OneOf = [asString, asNumber] };
    }

    /// <summary>
    /// An object that may also be null. OpenAPI 3.0 cannot mark a reference nullable, so: any of the object, or null
    /// (an empty object that may be null; an <c>enum: [null]</c> would say it better, but stops some validators).
    /// </summary>
    private static OpenApiSchema OrNull(OpenApiSchemaReference reference) => new()
    {
        Description = reference.Description,
        AnyOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, MaxProperties = 0 }],
    };

    private static bool IsNullable(PropertyInfo member) =>
        new NullabilityInfoContext().Create(member).WriteState == NullabilityState.Nullable;

    private static bool IsText(OpenApiSchema schema) =>
        schema.Type is { } type && (type & ~JsonSchemaType.Null) == JsonSchemaType.String && schema.Format is null;

    private static PropertyInfo? Member(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).FirstOrDefault(property =>
            (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name)) == jsonName);
}
