//! Paying (R-PAY-*): methods and what each may pay, top-ups, splitting with the prepaid
//! balance, invoices, and the states of orders and payments.
//!
//! R-PAY-8 (the invoice's PDF) is the server's; here every payment plan carries its invoice.
//! R-PAY-10 (unpaid means blocked, then terminated) is [`unpaid_invoice_effect`], the same
//! lifecycle as an unpaid renewal ([`crate::lifecycle::lifecycle`]).
//!
//! Card numbers, their checks and test cards are the payment provider's (in the server), not
//! rules of the console: here a card is only its brand.

use crate::lifecycle::{lifecycle, ProductStatus};
use crate::money::{Currency, Money, MoneyError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// R-PAY-6: one top-up is between these amounts, both included, in the account's currency.
pub const TOP_UP_MIN_CENTS: i64 = 10;
pub const TOP_UP_MAX_CENTS: i64 = 999_900;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Cb,
}

/// R-PAY-1: the ways to pay. Wire names as in `API.md`'s `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum MethodKind {
    Card {
        brand: CardBrand,
    },
    /// The PostFinance card: CHF only (R-PAY-2).
    Postfinance,
    Iban,
    Paypal,
    Twint,
    Prepaid,
}

impl MethodKind {
    pub fn type_name(self) -> &'static str {
        match self {
            MethodKind::Card { .. } => "card",
            MethodKind::Postfinance => "postfinance",
            MethodKind::Iban => "iban",
            MethodKind::Paypal => "paypal",
            MethodKind::Twint => "twint",
            MethodKind::Prepaid => "prepaid",
        }
    }
}

/// What is being paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Order,
    Renewal,
    OfferChange,
    /// Money into the prepaid account.
    TopUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(untagged)]
pub enum PaymentError {
    #[error("{method} cannot pay for this")]
    MethodNotCompatible { method: &'static str, purpose: Purpose },
    #[error("the PostFinance card pays in CHF only, not {currency}")]
    CurrencyMismatch { method: &'static str, currency: Currency },
    #[error("a top-up is between {min} and {max}, not {amount}")]
    TopUpOutOfRange { amount: Money, min: Money, max: Money },
    #[error("the prepaid balance is short of {missing}")]
    InsufficientPrepaid { balance: Money, missing: Money },
    #[error("an invoice needs at least one line")]
    NothingToPay,
    #[error("line {index} of the invoice has a price of {price}: every line costs more than zero")]
    LineNotPositive { index: usize, price: Money },
    #[error("a transfer of {received} is not a transfer: the amount must be more than zero")]
    TransferNotPositive { received: Money },
    #[error("this payment is {status} and is not waiting for a transfer")]
    NotWaitingForTransfer { status: &'static str },
    #[error("this order is {status:?} and cannot be paid")]
    OrderNotPayable { status: OrderStatus },
    #[error("this order is {status:?} and cannot change to {wanted:?}")]
    OrderTransition { status: OrderStatus, wanted: OrderStatus },
    #[error(transparent)]
    Money(MoneyError),
}

impl From<MoneyError> for PaymentError {
    fn from(e: MoneyError) -> Self {
        PaymentError::Money(e)
    }
}

impl PaymentError {
    pub fn code(&self) -> &'static str {
        match self {
            PaymentError::MethodNotCompatible { .. } => "payment_method_not_compatible",
            PaymentError::CurrencyMismatch { .. } => "payment_method_currency_mismatch",
            PaymentError::TopUpOutOfRange { .. } => "top_up_amount_out_of_range",
            PaymentError::InsufficientPrepaid { .. } => "insufficient_prepaid_balance",
            PaymentError::NothingToPay
            | PaymentError::LineNotPositive { .. }
            | PaymentError::TransferNotPositive { .. } => "validation_failed",
            PaymentError::NotWaitingForTransfer { .. } => "payment_not_pending",
            PaymentError::OrderNotPayable { .. } | PaymentError::OrderTransition { .. } => "order_not_payable",
            PaymentError::Money(e) => e.code(),
        }
    }

    pub fn http_status(&self) -> u16 {
        match self {
            PaymentError::OrderNotPayable { .. }
            | PaymentError::OrderTransition { .. }
            | PaymentError::NotWaitingForTransfer { .. } => 409,
            _ => 422,
        }
    }
}

/// R-PAY-1, R-PAY-2, R-PAY-5: may this method pay for this, in this currency?
pub fn check_method(method: MethodKind, purpose: Purpose, currency: Currency) -> Result<(), PaymentError> {
    let allowed = match purpose {
        // R-PAY-1: every method pays orders, renewals and changes of offer.
        Purpose::Order | Purpose::Renewal | Purpose::OfferChange => true,
        // R-PAY-5: top-ups only by card, PostFinance card or bank transfer.
        Purpose::TopUp => matches!(method, MethodKind::Card { .. } | MethodKind::Postfinance | MethodKind::Iban),
    };
    if !allowed {
        return Err(PaymentError::MethodNotCompatible { method: method.type_name(), purpose });
    }
    if method == MethodKind::Postfinance && currency != Currency::Chf {
        return Err(PaymentError::CurrencyMismatch { method: method.type_name(), currency });
    }
    Ok(())
}

/// R-PAY-5, R-PAY-6: a top-up of `amount` into an account billing in `currency`, paid with
/// `method`, with or without the prepaid balance. Every top-up is checked here, whether it
/// comes through [`top_up`] or [`plan`]: the amount within its limits, the method one of
/// those allowed, and never the prepaid balance paying for its own top-up.
pub fn check_top_up(
    amount: Money,
    currency: Currency,
    method: MethodKind,
    use_prepaid: bool,
) -> Result<(), PaymentError> {
    if amount.currency != currency {
        return Err(MoneyError::CurrencyMismatch { left: amount.currency, right: currency }.into());
    }
    let (min, max) = (Money::new(TOP_UP_MIN_CENTS, currency), Money::new(TOP_UP_MAX_CENTS, currency));
    if !(TOP_UP_MIN_CENTS..=TOP_UP_MAX_CENTS).contains(&amount.cents) {
        return Err(PaymentError::TopUpOutOfRange { amount, min, max });
    }
    if use_prepaid {
        // R-PAY-5: the prepaid account is not among the ways to top itself up.
        return Err(PaymentError::MethodNotCompatible {
            method: MethodKind::Prepaid.type_name(),
            purpose: Purpose::TopUp,
        });
    }
    check_method(method, Purpose::TopUp, currency)
}

/// R-PAY-5, R-PAY-6: the payment of a top-up of `amount`: one invoice line, paid with
/// `method` alone.
pub fn top_up(amount: Money, currency: Currency, method: MethodKind) -> Result<PaymentPlan, PaymentError> {
    let line =
        InvoiceLine { product_id: None, description: "Prepaid account top-up".into(), period_months: 0, price: amount };
    plan(vec![line], currency, method, Purpose::TopUp, Money::zero(currency), false)
}

/// How a total is paid: part from the prepaid balance, the rest with the other method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentSplit {
    pub from_prepaid: Money,
    pub from_method: Money,
}

/// R-PAY-4: the prepaid balance pays what it can, the other method the rest, in one operation.
/// Without `use_prepaid`, the method pays everything. A negative balance pays nothing.
pub fn split(total: Money, prepaid_balance: Money, use_prepaid: bool) -> Result<PaymentSplit, PaymentError> {
    if total.currency != prepaid_balance.currency {
        return Err(MoneyError::CurrencyMismatch { left: total.currency, right: prepaid_balance.currency }.into());
    }
    let from_prepaid = if use_prepaid { prepaid_balance.cents.clamp(0, total.cents.max(0)) } else { 0 };
    Ok(PaymentSplit {
        from_prepaid: Money::new(from_prepaid, total.currency),
        from_method: Money::new(total.cents - from_prepaid, total.currency),
    })
}

/// Paying with the prepaid account alone: the balance must cover the total.
pub fn prepaid_only(total: Money, prepaid_balance: Money) -> Result<PaymentSplit, PaymentError> {
    let parts = split(total, prepaid_balance, true)?;
    if parts.from_method.cents > 0 {
        return Err(PaymentError::InsufficientPrepaid { balance: prepaid_balance, missing: parts.from_method });
    }
    Ok(parts)
}

/// One line of an invoice: a product (new or renewed) for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub product_id: Option<i64>,
    pub description: String,
    pub period_months: u32,
    pub price: Money,
}

/// An invoice: its lines and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub lines: Vec<InvoiceLine>,
    pub total: Money,
}

/// R-PAY-7: several products, renewals due later included, on one invoice. Every line costs
/// more than zero, so a total is never zero or negative.
pub fn invoice(lines: Vec<InvoiceLine>, currency: Currency) -> Result<Invoice, PaymentError> {
    if lines.is_empty() {
        return Err(PaymentError::NothingToPay);
    }
    if let Some((index, line)) = lines.iter().enumerate().find(|(_, line)| line.price.cents <= 0) {
        return Err(PaymentError::LineNotPositive { index, price: line.price });
    }
    let total = Money::sum(currency, lines.iter().map(|l| l.price))?;
    Ok(Invoice { lines, total })
}

/// Where a payment stands.
///
/// With a bank transfer and a prepaid part (R-PAY-3 with R-PAY-4), the prepaid part is
/// *reserved* when the pro-forma invoice is made: taken from the balance, so it cannot pay
/// anything else meanwhile, but not yet spent, because R-PAY-4 pays an invoice "in the same
/// operation" and R-PAY-3 completes that operation only "when the transfer arrives". If the
/// transfer never arrives, the operation never completed: the pro-forma lapses, the services
/// follow R-PAY-10 (blocked, then terminated), and the reserved part, with anything received
/// by transfer in the meantime, goes back to the prepaid balance ([`transfer_lapsed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum PaymentState {
    Paid,
    /// R-PAY-3: by bank transfer; a pro-forma invoice waits for `missing`.
    Pending {
        missing: Money,
        /// R-PAY-4: the prepaid part, reserved until the transfer completes the payment.
        prepaid_reserved: Money,
        /// Received by transfer so far (bank charges left part of it short).
        received: Money,
    },
    /// The transfer never completed the payment: nothing was paid, and this went back to the
    /// prepaid balance.
    Lapsed {
        returned_to_prepaid: Money,
    },
}

impl PaymentState {
    fn name(self) -> &'static str {
        match self {
            PaymentState::Paid => "paid",
            PaymentState::Pending { .. } => "pending",
            PaymentState::Lapsed { .. } => "lapsed",
        }
    }
}

/// A payment ready to be carried out: the invoice, the split and the state it starts in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentPlan {
    pub invoice: Invoice,
    pub split: PaymentSplit,
    pub state: PaymentState,
    /// R-PAY-3: a pro-forma invoice comes first for bank transfers.
    pub is_pro_forma: bool,
}

/// R-PAY-1..4, R-PAY-7, R-PAY-8: plans paying `lines` with `method`, the prepaid balance
/// paying a part if asked. Card-like methods are paid once the provider accepts; a transfer
/// stays pending until the money arrives.
pub fn plan(
    lines: Vec<InvoiceLine>,
    currency: Currency,
    method: MethodKind,
    purpose: Purpose,
    prepaid_balance: Money,
    use_prepaid: bool,
) -> Result<PaymentPlan, PaymentError> {
    check_method(method, purpose, currency)?;
    let invoice = invoice(lines, currency)?;
    if purpose == Purpose::TopUp {
        check_top_up(invoice.total, currency, method, use_prepaid)?;
    }
    let split = if method == MethodKind::Prepaid {
        prepaid_only(invoice.total, prepaid_balance)?
    } else {
        split(invoice.total, prepaid_balance, use_prepaid)?
    };
    let is_transfer = method == MethodKind::Iban && split.from_method.cents > 0;
    let state = if is_transfer {
        PaymentState::Pending {
            missing: split.from_method,
            prepaid_reserved: split.from_prepaid,
            received: Money::zero(currency),
        }
    } else {
        PaymentState::Paid
    };
    Ok(PaymentPlan { invoice, split, state, is_pro_forma: is_transfer })
}

/// What a transfer changed: the payment's new state, and what it brought beyond what was
/// due, which goes to the prepaid balance so that nothing sent is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TransferOutcome {
    pub state: PaymentState,
    pub surplus: Money,
}

/// R-PAY-3: a transfer of `received` arrived. Bank charges are the customer's: what is short
/// stays due. Money that arrives for a payment already complete or lapsed is all surplus.
pub fn transfer_received(state: PaymentState, received: Money) -> Result<TransferOutcome, PaymentError> {
    if received.cents <= 0 {
        return Err(PaymentError::TransferNotPositive { received });
    }
    match state {
        PaymentState::Paid | PaymentState::Lapsed { .. } => Ok(TransferOutcome { state, surplus: received }),
        PaymentState::Pending { missing, prepaid_reserved, received: before } => {
            let left = missing.checked_sub(received)?;
            if left.cents <= 0 {
                Ok(TransferOutcome { state: PaymentState::Paid, surplus: Money::new(-left.cents, left.currency) })
            } else {
                let received = before.checked_add(received)?;
                let state = PaymentState::Pending { missing: left, prepaid_reserved, received };
                Ok(TransferOutcome { state, surplus: Money::zero(left.currency) })
            }
        }
    }
}

/// R-PAY-3, R-PAY-4, R-PAY-10: the transfer never completed the payment (its pro-forma was
/// cancelled, or the services it pays were terminated): the payment lapses and the reserved
/// prepaid part, with anything received so far, returns to the prepaid balance.
pub fn transfer_lapsed(state: PaymentState) -> Result<PaymentState, PaymentError> {
    match state {
        PaymentState::Pending { prepaid_reserved, received, .. } => {
            Ok(PaymentState::Lapsed { returned_to_prepaid: prepaid_reserved.checked_add(received)? })
        }
        other => Err(PaymentError::NotWaitingForTransfer { status: other.name() }),
    }
}

/// R-PAY-10: what an invoice does to the services it pays for: nothing once paid; unpaid,
/// they stay active until it is due, are blocked from then and terminated after the grace
/// period, exactly as an unpaid renewal (R-RENEW-8).
pub fn unpaid_invoice_effect(due_at: DateTime<Utc>, paid: bool, now: DateTime<Utc>) -> ProductStatus {
    if paid {
        ProductStatus::Active
    } else {
        lifecycle(due_at, now)
    }
}

/// R-PAY-9: an order's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    /// Waiting for identity verification (R-KC-3).
    Blocked,
    Cancelled,
}

impl OrderStatus {
    /// R-PAY-9: a pending order can be paid later, from the orders list.
    pub fn pay(self) -> Result<OrderStatus, PaymentError> {
        match self {
            OrderStatus::Pending => Ok(OrderStatus::Paid),
            status => Err(PaymentError::OrderNotPayable { status }),
        }
    }

    pub fn block(self) -> Result<OrderStatus, PaymentError> {
        self.move_to(OrderStatus::Blocked, matches!(self, OrderStatus::Pending | OrderStatus::Paid))
    }

    pub fn unblock(self, paid: bool) -> Result<OrderStatus, PaymentError> {
        let to = if paid { OrderStatus::Paid } else { OrderStatus::Pending };
        self.move_to(to, self == OrderStatus::Blocked)
    }

    pub fn cancel(self) -> Result<OrderStatus, PaymentError> {
        self.move_to(OrderStatus::Cancelled, matches!(self, OrderStatus::Pending | OrderStatus::Blocked))
    }

    fn move_to(self, wanted: OrderStatus, allowed: bool) -> Result<OrderStatus, PaymentError> {
        if allowed {
            Ok(wanted)
        } else {
            Err(PaymentError::OrderTransition { status: self, wanted })
        }
    }
}

#[cfg(test)]
mod tests;
