//! Wake-up gates: poll a future only when what it waits on has signalled,
//! not on every wake-up of the task that owns it.
//!
//! A connection task wakes for each event of its room (ten a second per
//! connection in the S2 benchmark, 50,000 a second over the server), and
//! `tokio::select!` then polls every branch. Polling a socket read that has
//! nothing to read is not free: tokio-tungstenite re-registers two wakers,
//! tokio locks the socket's waiter list, tungstenite zeroes its read
//! buffer. A [`Gate`] stands between such a future and the task: the future
//! is polled with the gate's waker, so a wake-up meant for it opens the
//! gate (and wakes the task); on the task's next poll the future is polled
//! only if its gate is open. After the future yields a value the gate stays
//! open, because more may already be buffered.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::task::AtomicWaker;

/// A gate with the waker that opens it. Poll the same gated future (or
/// futures over the same source) through the same gate every time.
pub struct Gate {
    signal: Arc<Signal>,
    waker: Waker,
}

struct Signal {
    open: AtomicBool,
    task: AtomicWaker,
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.open.store(true, Ordering::Release);
        self.task.wake();
    }
}

impl Default for Gate {
    fn default() -> Self {
        Self::new()
    }
}

impl Gate {
    /// An open gate: the first poll always reaches the future, which then
    /// registers the gate's waker with whatever it waits on.
    pub fn new() -> Gate {
        let signal = Arc::new(Signal {
            open: AtomicBool::new(true),
            task: AtomicWaker::new(),
        });
        let waker = Waker::from(signal.clone());
        Gate { signal, waker }
    }

    /// Polls `fut` if the gate is open, and is pending otherwise.
    pub fn poll<F: Future + ?Sized>(
        &self,
        fut: Pin<&mut F>,
        cx: &mut Context<'_>,
    ) -> Poll<F::Output> {
        // Registered before the check, so an opening after it wakes this
        // task (at worst once too often, never too few).
        self.signal.task.register(cx.waker());
        if !self.signal.open.swap(false, Ordering::AcqRel) {
            return Poll::Pending;
        }
        let ready = fut.poll(&mut Context::from_waker(&self.waker));
        if ready.is_ready() {
            self.signal.open.store(true, Ordering::Release);
        }
        ready
    }

    /// `fut` as a future that only polls it through this gate.
    pub fn wrap<F: Future + Unpin>(&self, fut: F) -> Gated<'_, F> {
        Gated { gate: self, fut }
    }
}

/// A future polled through a [`Gate`].
pub struct Gated<'a, F> {
    gate: &'a Gate,
    fut: F,
}

impl<F: Future + Unpin> Future for Gated<'_, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let gate = self.gate;
        gate.poll(Pin::new(&mut self.fut), cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// A future that counts its polls and is ready once `ready` is set,
    /// waking whoever polled it last when `fire` is called.
    #[derive(Default)]
    struct Probe {
        polls: AtomicUsize,
        ready: AtomicBool,
        waker: AtomicWaker,
    }

    impl Probe {
        fn fire(&self) {
            self.ready.store(true, Ordering::SeqCst);
            self.waker.wake();
        }
    }

    struct Poll_<'a>(&'a Probe);

    impl Future for Poll_<'_> {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            self.0.polls.fetch_add(1, Ordering::SeqCst);
            self.0.waker.register(cx.waker());
            if self.0.ready.swap(false, Ordering::SeqCst) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }
    }

    /// Counts wake-ups of the task.
    #[derive(Default)]
    struct Task(AtomicUsize);

    impl Wake for Task {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn the_future_is_polled_only_after_its_own_wake_up_or_a_value() {
        let probe = Probe::default();
        let task = Arc::new(Task::default());
        let waker = Waker::from(task.clone());
        let mut cx = Context::from_waker(&waker);
        let gate = Gate::new();
        let mut fut = gate.wrap(Poll_(&probe));

        // First poll reaches the future, which registers the gate's waker.
        assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        assert_eq!(probe.polls.load(Ordering::SeqCst), 1);

        // The task wakes for other reasons: the future is left alone.
        for _ in 0..5 {
            assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        }
        assert_eq!(probe.polls.load(Ordering::SeqCst), 1);

        // Its own wake-up wakes the task and lets the next poll through.
        probe.fire();
        assert_eq!(task.0.load(Ordering::SeqCst), 1, "the task was not woken");
        assert!(Pin::new(&mut fut).poll(&mut cx).is_ready());
        assert_eq!(probe.polls.load(Ordering::SeqCst), 2);

        // After a value the gate stays open (more may be buffered) ...
        assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        assert_eq!(probe.polls.load(Ordering::SeqCst), 3);
        // ... and closes again once the future is pending.
        assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        assert_eq!(probe.polls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_wake_up_during_the_poll_is_not_lost() {
        // A future that wakes its waker while being polled (as tokio's
        // cooperative budget does) must be polled again.
        struct WakesItself(usize);
        impl Future for WakesItself {
            type Output = ();
            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
                self.0 += 1;
                if self.0 < 3 {
                    cx.waker().wake_by_ref();
                    Poll::Pending
                } else {
                    Poll::Ready(())
                }
            }
        }
        let task = Arc::new(Task::default());
        let waker = Waker::from(task.clone());
        let mut cx = Context::from_waker(&waker);
        let gate = Gate::new();
        let mut fut = gate.wrap(WakesItself(0));
        assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        assert_eq!(task.0.load(Ordering::SeqCst), 1);
        assert!(Pin::new(&mut fut).poll(&mut cx).is_pending());
        assert_eq!(task.0.load(Ordering::SeqCst), 2);
        assert!(Pin::new(&mut fut).poll(&mut cx).is_ready());
    }
}
