using Subinterp.Runtime.Orchestration;
using Xunit;

namespace Subinterp.Runtime.Tests.Orchestration;

/// <summary>Runs at once take different cores while there are unclaimed ones; the kernel's flock decides, across processes as within one.</summary>
public sealed class CoreClaimsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("subinterp-cores-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_second_run_takes_the_core_the_first_does_not_hold()
    {
        using var first = CoreClaims.Take(1, [0, 1], _folder);
        using var second = CoreClaims.Take(1, [0, 1], _folder);

        Assert.Equal([0], first.Cores);
        Assert.Equal([1], second.Cores);
    }

    [Fact]
    public void A_core_is_free_again_once_its_run_ends()
    {
        var first = CoreClaims.Take(1, [0, 1], _folder);
        first.Dispose();
        using var second = CoreClaims.Take(1, [0, 1], _folder);

        Assert.Equal([0], second.Cores);
    }

    [Fact]
    public void Unclaimed_cores_come_first_and_claimed_ones_are_shared_only_for_the_slots_left()
    {
        using var other = CoreClaims.Take(1, [0, 1, 2], _folder);
        using var run = CoreClaims.Take(3, [0, 1, 2], _folder);

        Assert.Equal([1, 2, 0], run.Cores);
        Assert.Equal(2, run.Held);
    }

    [Fact]
    public void Every_core_claimed_means_the_allowed_order_as_before()
    {
        using var other = CoreClaims.Take(2, [0, 1], _folder);
        using var run = CoreClaims.Take(2, [0, 1], _folder);

        Assert.Equal([0, 1], run.Cores);
        Assert.Equal(0, run.Held);
    }

    [Fact]
    public void Without_a_folder_the_slots_take_the_first_allowed_cores()
    {
        using var run = CoreClaims.Take(3, [4, 5], folder: null);

        Assert.Equal([4, 5, 4], run.Cores);
    }

    [Fact]
    public void The_folder_is_the_users_runtime_folder_else_the_cache()
    {
        Assert.Equal("/run/user/7/subinterp/cores", CoreClaims.Folder(name => name == "XDG_RUNTIME_DIR" ? "/run/user/7" : null));
        Assert.Equal("/home/u/.cache/subinterp/cores", CoreClaims.Folder(name => name == "HOME" ? "/home/u" : null));
        Assert.Null(CoreClaims.Folder(_ => null));
    }
}
