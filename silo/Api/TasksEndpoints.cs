using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Storage.Campaigns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Api;

/// <summary>The agents' work queue: tasks from task campaigns, listed, claimed and done (pushed on the hub as <c>task</c>).</summary>
public static class TasksEndpoints
{
    private static readonly string[] Statuses = [AgentTaskStatuses.Open, AgentTaskStatuses.Claimed, AgentTaskStatuses.Done];

    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/api/v1/tasks")
            .WithTags("Tasks")
            .RequireAuthorization(AgentIdentity.AgentPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        tasks.MapGet("", ListAsync).ProducesProblem(StatusCodes.Status400BadRequest);
        tasks.MapPost("/{taskId}/claim", (HttpContext http, string taskId, ICampaignStore store, ILiveUpdates live, TimeProvider time, CancellationToken ct) =>
            MoveAsync(http, taskId, AgentTaskStatuses.Open, AgentTaskStatuses.Claimed, store, live, time, ct))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/done", (HttpContext http, string taskId, ICampaignStore store, ILiveUpdates live, TimeProvider time, CancellationToken ct) =>
            MoveAsync(http, taskId, AgentTaskStatuses.Claimed, AgentTaskStatuses.Done, store, live, time, ct))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<WireOk<ItemList<AgentTask>>, ProblemHttpResult>> ListAsync(HttpContext http, string? status, ICampaignStore store, CancellationToken ct)
    {
        if (status is not null && !Statuses.Contains(status))
        {
            return ApiProblems.BadRequest("status", $"status: must be one of {string.Join(", ", Statuses)}");
        }

        var tasks = await store.TasksAsync(AgentIdentity.Of(http).Tenant, status, 200, ct);
        return WireResults.Ok(new ItemList<AgentTask>([.. tasks.Select(AgentTaskStatuses.ToWire)]));
    }

    private static async Task<Results<WireOk<AgentTask>, ProblemHttpResult>> MoveAsync(
        HttpContext http, string taskId, string from, string to, ICampaignStore store, ILiveUpdates live, TimeProvider time, CancellationToken ct)
    {
        var agent = AgentIdentity.Of(http);
        if (await store.TaskAsync(agent.Tenant, taskId, ct) is not { } task)
        {
            return ApiProblems.NotFound("taskId", $"no task '{taskId}'");
        }

        // Only the agent who claimed a task (or an administrator) marks it done.
        if (to == AgentTaskStatuses.Done && task.ClaimedBy != agent.Username && agent.Role != "admin")
        {
            return ApiProblems.Create(StatusCodes.Status403Forbidden, "Forbidden", $"taskId: claimed by {task.ClaimedBy}", "taskId");
        }

        if (!await store.MoveTaskAsync(agent.Tenant, taskId, from, to, agent.Username, time.GetUtcNow(), ct))
        {
            return ApiProblems.Create(StatusCodes.Status409Conflict, "Conflict", $"taskId: the task is {task.Status}, not {from}", "taskId");
        }

        var moved = AgentTaskStatuses.ToWire((await store.TaskAsync(agent.Tenant, taskId, ct))!);
        live.TaskChanged(moved);
        return WireResults.Ok(moved);
    }
}
