"""A well-behaved thread: started and joined inside the test."""

import threading
import unittest


class JoinedThreadTests(unittest.TestCase):
    def test_thread_is_joined(self):
        results = []
        worker = threading.Thread(target=results.append, args=(42,))
        worker.start()
        worker.join()
        self.assertEqual(results, [42])
