//! The caller's RAM policies as the [`Authorizer`](crate::Authorizer) holds them: borrowed
//! from wherever they live — a slice of `&dyn PolicyEngine`, or a collection of one
//! engine type (`Vec<CompiledPolicy>`, an array of generated types, `Box<[E]>`) — so that
//! a server keeping each user's compiled policies hands them over as they are, with no
//! list of references collected per request.
//!
//! ```
//! use oss_policy_runtime::{Authorizer, Evaluation, PolicyEngine, PolicyKind, Prepared};
//!
//! /// Toy RAM policies: each allows with statement 0, or ignores.
//! struct Toy(bool);
//! impl PolicyEngine for Toy {
//!     fn kind(&self) -> PolicyKind { PolicyKind::Ram }
//!     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation {
//!         if self.0 { Evaluation::allow(0) } else { Evaluation::IGNORE }
//!     }
//! }
//!
//! // One engine type: a vector held per user, borrowed as it is.
//! let policies_vec = vec![Toy(false), Toy(true)];
//! let authorizer = Authorizer::new("1746").with_ram(&policies_vec)?;
//! // A slice of it, through the variable holding it.
//! let some: &[Toy] = &policies_vec[1..];
//! let authorizer = authorizer.with_ram(&some)?;
//! // Engines of different types: references to `dyn PolicyEngine`.
//! struct Generated;
//! impl PolicyEngine for Generated {
//!     fn kind(&self) -> PolicyKind { PolicyKind::Ram }
//!     fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation { Evaluation::IGNORE }
//! }
//! let compiled = Toy(true);
//! let mixed: [&dyn PolicyEngine; 2] = [&compiled, &Generated];
//! let authorizer = authorizer.with_ram(&mixed)?;
//! # let _ = authorizer;
//! # Ok::<(), oss_policy_runtime::RequestError>(())
//! ```
//!
//! Engines of different types need the annotation (`[&dyn PolicyEngine; 2]`, or a slice
//! `&[&dyn PolicyEngine]`): a generic argument gives an array literal no element type to
//! coerce its elements to, and the authorizer borrows the list, so a temporary array
//! would not live long enough.

use crate::decision::PolicyEngine;

/// A list of policies, indexed from 0: what [`RamPolicies`] borrows. Implemented for
/// arrays, vectors and boxed slices of any engine type (`&dyn PolicyEngine` and
/// `Box<dyn PolicyEngine>` included) and for a reference to a slice of one; implement it
/// for a collection of your own.
pub trait PolicyList: Send + Sync {
    /// The policy at `index`; `None` past the last.
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine>;
}

impl<E: PolicyEngine> PolicyList for [E] {
    #[inline]
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine> {
        self.get(index).map(|policy| policy as &dyn PolicyEngine)
    }
}

impl<E: PolicyEngine, const N: usize> PolicyList for [E; N] {
    #[inline]
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine> {
        self.as_slice().policy(index)
    }
}

impl<E: PolicyEngine> PolicyList for Vec<E> {
    #[inline]
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine> {
        self.as_slice().policy(index)
    }
}

impl<E: PolicyEngine> PolicyList for Box<[E]> {
    #[inline]
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine> {
        (**self).policy(index)
    }
}

impl<E: PolicyEngine> PolicyList for &[E] {
    #[inline]
    fn policy(&self, index: usize) -> Option<&dyn PolicyEngine> {
        (**self).policy(index)
    }
}

/// The caller's RAM policies, borrowed: what [`Authorizer::with_ram`](crate::Authorizer::with_ram)
/// takes (through `Into`) and the authorizer keeps. `Copy`, and as cheap to make per
/// request as the reference it holds.
#[derive(Clone, Copy)]
pub struct RamPolicies<'p> {
    list: List<'p>,
}

#[derive(Clone, Copy)]
enum List<'p> {
    /// A slice of references (the common case of mixed engines), read without a call.
    Engines(&'p [&'p dyn PolicyEngine]),
    /// Any other list.
    Borrowed(&'p dyn PolicyList),
}

impl<'p> RamPolicies<'p> {
    /// No RAM policies.
    pub const NONE: RamPolicies<'static> = RamPolicies { list: List::Engines(&[]) };

    /// The policy at `index`; `None` past the last.
    #[inline]
    pub fn get(&self, index: usize) -> Option<&'p dyn PolicyEngine> {
        match self.list {
            List::Engines(engines) => engines.get(index).copied(),
            List::Borrowed(list) => list.policy(index),
        }
    }

    /// The policies in order.
    pub fn iter(&self) -> impl Iterator<Item = &'p dyn PolicyEngine> + '_ {
        (0..).map_while(|index| self.get(index))
    }
}

impl<'p> From<&'p [&'p dyn PolicyEngine]> for RamPolicies<'p> {
    fn from(engines: &'p [&'p dyn PolicyEngine]) -> RamPolicies<'p> {
        RamPolicies { list: List::Engines(engines) }
    }
}

impl<'p, L: PolicyList> From<&'p L> for RamPolicies<'p> {
    fn from(list: &'p L) -> RamPolicies<'p> {
        RamPolicies { list: List::Borrowed(list) }
    }
}

impl core::fmt::Debug for RamPolicies<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter().map(|policy| policy.kind())).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision::{Evaluation, PolicyKind};
    use crate::prepared::Prepared;

    /// A RAM policy that allows with statement `.0`.
    struct Numbered(u32);

    impl PolicyEngine for Numbered {
        fn kind(&self) -> PolicyKind {
            PolicyKind::Ram
        }

        fn evaluate_prepared(&self, _: &Prepared<'_, '_>) -> Evaluation {
            Evaluation::allow(self.0)
        }
    }

    fn statements(policies: RamPolicies<'_>) -> Vec<Evaluation> {
        let request = crate::Request::new(crate::Principal::Anonymous, "oss:GetObject", "acs:oss:r:1:b/k");
        let request = request.with_bucket_owner("1");
        let prepared = Prepared::new(&request).unwrap();
        policies.iter().map(|policy| policy.evaluate_prepared(&prepared)).collect()
    }

    #[test]
    fn every_list_gives_its_policies_in_order() {
        let want = vec![Evaluation::allow(0), Evaluation::allow(1), Evaluation::allow(2)];
        let vector = vec![Numbered(0), Numbered(1), Numbered(2)];
        assert_eq!(statements(RamPolicies::from(&vector)), want);
        let array = [Numbered(0), Numbered(1), Numbered(2)];
        assert_eq!(statements(RamPolicies::from(&array)), want);
        let slice: &[Numbered] = &array;
        assert_eq!(statements(RamPolicies::from(&slice)), want);
        let boxed: Box<[Box<dyn PolicyEngine>]> =
            vec![Box::new(Numbered(0)) as Box<dyn PolicyEngine>, Box::new(Numbered(1)), Box::new(Numbered(2))]
                .into_boxed_slice();
        assert_eq!(statements(RamPolicies::from(&boxed)), want);
        let engines: [&dyn PolicyEngine; 3] = [&array[0], &vector[1], &Numbered(2)];
        assert_eq!(statements(RamPolicies::from(&engines[..])), want);
        assert_eq!(statements(RamPolicies::from(&engines)), want);
        assert_eq!(statements(RamPolicies::NONE), vec![]);
        assert_eq!(format!("{:?}", RamPolicies::from(&vector)), "[Ram, Ram, Ram]");
    }
}
