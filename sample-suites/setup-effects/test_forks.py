"""multiprocessing's fork start method: an isolated subinterpreter refuses os.fork(), after
multiprocessing made two pipes for the child, which nobody closes. In a plain process it forks."""
import multiprocessing


def _child():
    pass


def test_fork_start_method():
    process = multiprocessing.get_context("fork").Process(target=_child)
    try:
        process.start()
    except RuntimeError as refused:
        assert "fork" in str(refused)
        return
    process.join()
    assert process.exitcode == 0
