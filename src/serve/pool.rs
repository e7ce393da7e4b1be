//! A fixed number of worker threads with a bounded queue: reading and
//! checking a workbook is CPU work and never runs on the async threads.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

/// A unit of work; it sends its own result.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// Why a job was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The queue is full: try again later.
    Busy,
    /// The workers are gone (the service is stopping).
    Closed,
}

/// The worker pool.
pub struct Pool {
    tx: SyncSender<Job>,
}

impl Pool {
    /// Starts `workers` threads sharing a queue of `queue` waiting jobs.
    pub fn new(workers: usize, queue: usize) -> std::io::Result<Pool> {
        let (tx, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers.max(1) {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("gkml-check-{i}"))
                .spawn(move || work(&rx))?;
        }
        Ok(Pool { tx })
    }

    /// Runs `f` on a worker; the answer comes on the returned channel
    /// (closed without an answer if `f` panicked). A job whose receiver is
    /// gone by the time a worker takes it (its request timed out or was
    /// cancelled) is skipped.
    pub fn submit<T, F>(&self, f: F) -> Result<tokio::sync::oneshot::Receiver<T>, Refused>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            if tx.is_closed() {
                return;
            }
            let _ = tx.send(f());
        });
        match self.tx.try_send(job) {
            Ok(()) => Ok(rx),
            Err(TrySendError::Full(_)) => Err(Refused::Busy),
            Err(TrySendError::Disconnected(_)) => Err(Refused::Closed),
        }
    }
}

fn work(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        // A panic in a check (a bug) must not take the worker with it; the
        // request sees its channel closed and answers 500.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_refuses_and_the_pool_recovers() {
        let pool = Pool::new(1, 1).unwrap();
        let (gate_tx, gate_rx) = std::sync::mpsc::channel::<()>();
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let first = pool
            .submit(move || {
                started_tx.send(()).unwrap();
                gate_rx.recv().unwrap();
                1
            })
            .unwrap();
        started_rx.recv().unwrap();
        let second = pool.submit(|| 2).unwrap();
        assert_eq!(pool.submit(|| 3).err(), Some(Refused::Busy));
        gate_tx.send(()).unwrap();
        assert_eq!(first.blocking_recv().unwrap(), 1);
        assert_eq!(second.blocking_recv().unwrap(), 2);
        assert_eq!(pool.submit(|| 4).unwrap().blocking_recv().unwrap(), 4);
    }

    #[test]
    fn a_panicking_job_closes_its_channel_and_keeps_the_worker() {
        let pool = Pool::new(1, 4).unwrap();
        let rx = pool.submit(|| -> u8 { panic!("boom") }).unwrap();
        assert!(rx.blocking_recv().is_err());
        assert_eq!(pool.submit(|| 5).unwrap().blocking_recv().unwrap(), 5);
    }
}
