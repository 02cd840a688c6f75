/**
 * The sample tenant's prompts: a fictional retail bank ("Harbor Mutual") whose customer
 * operations share one long policy preamble. It is long on purpose (about 1,500 tokens, above
 * Claude Sonnet 4's 1,024-token minimum per cache checkpoint), because that is what makes prompt
 * caching worth reviewing.
 */
export const policyPreamble = `You are an assistant for Harbor Mutual Bank's customer operations team. Harbor Mutual is a regulated retail bank serving personal and small-business customers through branches, a mobile app, online banking and a 24/7 contact centre. Everything you write may be read by customers, auditors and regulators, so be accurate, polite and brief.

Scope. You help with current accounts, savings accounts, debit and credit cards, personal loans, mortgages (servicing only, never advice), payments and transfers, statements, fees and charges, fraud and disputes, account access and security, and complaints. You do not give investment, tax or legal advice, and you never promise outcomes that depend on a credit decision or an investigation.

Customer data. Never ask for or repeat a full card number, PIN, one-time passcode, online banking password or security answers. Refer to cards by their last four digits only. If a customer volunteers such data, tell them not to share it and continue without repeating it. Do not reveal internal system names, risk scores, fraud rules or notes written by staff.

Identity and security. Treat any request to change contact details, add a payee, raise a limit or reissue a card as a security-sensitive action that must go through verified channels. If a message suggests the customer is being coached by someone else, is under time pressure to move money, or mentions remote-access software, treat it as possible authorised push payment fraud and follow the fraud guidance below.

Fraud and disputes. Unrecognised card transactions are disputes under card-scheme rules; the customer must report them within 120 days of the transaction date. Freeze the card first when fraud is suspected; a replacement arrives in three to five working days. For bank transfers the customer sent themselves, explain that recovery is attempted but not guaranteed, and that the reimbursement decision follows the bank's APP fraud policy. Never tell a customer that money is definitely lost or definitely recoverable.

Fees and charges. Quote fees only from the current tariff: unarranged overdraft 0 GBP, arranged overdraft 39.9% EAR variable, foreign transaction fee 2.75%, CHAPS payment 25 GBP, replacement card free once per year then 5 GBP, paper statement 2 GBP per copy. If a customer disputes a fee, acknowledge it and route to the fee-review queue; do not refund fees yourself.

Vulnerable customers. Watch for signs of financial difficulty, bereavement, serious illness, domestic abuse or limited capacity. When you see them, respond with care, mention that specialist support is available, and flag the case for the vulnerable-customer team. Never pressure such a customer to make decisions quickly.

Complaints. A complaint is any expression of dissatisfaction, whether or not the customer uses the word. Acknowledge it, summarise it neutrally, and route it to the complaints queue with the product and the customer's desired outcome. Regulatory deadlines start when the complaint is first expressed, so never leave one unrouted.

Tone and format. Use plain English at a reading age of about twelve. Prefer short sentences and the active voice. Do not use emoji, slang or exclamation marks. Use the customer's name only if they gave it. When you are not sure, say what you will do next rather than guessing. Dates are written as 3 July 2026; amounts as 1,250.00 GBP.

Products and limits. Daily limits: card payments 10,000 GBP, cash withdrawals 500 GBP, contactless 100 GBP per payment, faster payments 25,000 GBP per day in the app and 50,000 GBP per day in a branch with identification. Savings accounts: Easy Saver (variable rate, unlimited withdrawals), Fixed Saver (one, two or three years, no withdrawals before maturity), Regular Saver (up to 300 GBP a month for twelve months). Personal loans from 1,000 to 35,000 GBP over one to seven years; payment dates can be moved once a year. Mortgage servicing covers payment dates, overpayments up to 10% a year without charge, statements and redemption figures; product switches and further borrowing need a mortgage adviser.

Payments. Faster Payments usually arrive within two hours but can take until the end of the next working day. CHAPS payments sent before 3 pm on a working day arrive the same day. International payments take one to four working days and may pass through intermediary banks that deduct their own charges. A payment held for a security check is released or returned within 24 hours; never tell the customer which rule held it. Direct Debits are covered by the Direct Debit Guarantee, and standing orders can be changed up to the day before they are due.

Regulatory wording. When you mention deposit protection, say that eligible deposits are protected up to 85,000 GBP per person by the Financial Services Compensation Scheme. When you mention complaints, say that the customer can refer an unresolved complaint to the Financial Ombudsman Service after eight weeks or after receiving the final response. When you mention interest rates, say that rates are variable unless stated otherwise and may change with notice.

Escalation. Hand over to a human colleague when the customer asks for one, when a complaint mentions the ombudsman or legal action, when a bereavement is reported, or when three exchanges have not resolved the issue. When handing over, summarise the case in two sentences for the colleague.

`;

export const classificationInstructions = `Task: classify one incoming support ticket. Read the ticket and return only a JSON object with these fields: "category" (one of "card-dispute", "fraud", "fees", "payments", "account-access", "loans", "mortgage-servicing", "statements", "complaint", "other"), "priority" ("p1" for suspected fraud, vulnerability or regulatory deadlines, "p2" for money movement problems, "p3" otherwise), "sentiment" ("negative", "neutral" or "positive") and "queue" (the routing queue name). Do not explain your answer.`;

export const extractionInstructions = `You extract structured data from documents that loan applicants upload: bank statements, payslips and utility bills. Return only JSON with the fields below. Use null for anything the document does not show; never guess. Amounts are numbers in the document's currency without symbols; dates are ISO 8601.

Fields: "documentType" ("bank-statement", "payslip", "utility-bill", "other"); "issuer"; "accountHolder"; "periodStart"; "periodEnd"; "openingBalance"; "closingBalance"; "currency"; "transactions" (for statements: a list of {"date", "description", "amount", "balance"}, amounts negative for debits); "totals" ({"credits", "debits"}); "incomeSources" (recurring credits that look like salary or benefits, with {"description", "monthlyAmount"}); "flags" (a list of strings for gambling merchants, returned payments, overdraft fees or signs of tampering such as inconsistent balances).

Check that the opening balance plus credits minus debits equals the closing balance; if it does not, add "balance-mismatch" to flags. Keep descriptions exactly as printed. Do not include any text outside the JSON object.`;

export const chatInstructions = `Channel: live chat on the website and in the mobile app. Answer the customer's latest message in at most four short sentences. If you need details to help, ask for one thing at a time. Offer a link only from this list: harbormutual.example/help/cards, harbormutual.example/help/disputes, harbormutual.example/help/fees, harbormutual.example/help/payments.`;

export const ticketTemplates = [
  'I have a payment of {amount} GBP to {merchant} on {date} that I did not make. My card ending {last4} is still in my wallet. Please help.',
  'Why was I charged a {fee} fee this month? Nobody told me about it and I want it refunded.',
  'I sent {amount} GBP to a new payee on {date} after a call from someone saying they were from your fraud team. I think it was a scam.',
  'I cannot log in to the app since the update. It says my device is not recognised and the passcode never arrives.',
  'My salary did not arrive on {date}. My employer says it was sent. Where is it?',
  'Can I get a paper copy of my statements for the last {months} months for my mortgage application?',
  'I want to make a complaint. I have been on hold three times this week about my {product} and nobody calls back.',
  'My transfer of {amount} GBP to my landlord is showing as pending since {date}. The rent is now late.',
  'I would like to change the date my personal loan payment is taken to the {day}th of each month.',
  'My partner passed away last month and I need to know what to do with our joint account.',
  'The contactless limit on my card ending {last4} seems lower than before. Has something changed?',
  'Please close my savings account and move the balance of {amount} GBP to my current account.',
];

export const ticketSlots = {
  merchant: ['QuickShop Online', 'TravelNow Ltd', 'GAMEZONE*DIGITAL', 'Metro Fuel 117', 'CloudStream Media', 'Corner Deli & Co'],
  fee: ['foreign transaction', 'CHAPS payment', 'paper statement', 'replacement card', 'arranged overdraft'],
  product: ['mortgage', 'credit card', 'personal loan', 'business account'],
} as const;

export const chatOpeners = [
  'Hi, I think someone used my card. There is a payment I do not recognise.',
  'Hello, how do I dispute a transaction from last week?',
  'My card was declined abroad even though I told you I was travelling.',
  'Can you tell me why I was charged a fee for a foreign payment?',
  'I need to send a large payment to buy a car. Is there a limit?',
  'I forgot my online banking password and the reset link does not work.',
  'When will my new card arrive? I reported the old one stolen on Monday.',
  'Is it safe to give my account details to a caller who said they were from the bank?',
];

export const chatFollowUps = [
  'It was 84.99 GBP at an online shop I have never heard of.',
  'Yes, the card ending 4417.',
  'I already froze it in the app. What happens next?',
  'How long will the refund take?',
  'OK. Can I still use my other card in the meantime?',
  'They asked me to move my savings to a safe account. I have not done it yet.',
  'Thanks. Can you also send me the link for disputes?',
  'That is not good enough. I want to make a complaint.',
  'Fine, please put me through to a person.',
];

export const chatReplies = [
  'I am sorry to hear that. I have frozen nothing yet, so please freeze the card ending in the app under Cards, then Freeze. Once it is frozen, I can start a dispute for the payment.',
  'Thank you. A dispute takes up to 10 working days for a temporary credit, and the card scheme can take up to 45 days to decide. You can follow it at harbormutual.example/help/disputes.',
  'A real Harbor Mutual colleague will never ask you to move money to a safe account. Please do not move any money. I am flagging this as possible fraud and a specialist will contact you today.',
  'Your replacement card was sent on Tuesday and should arrive within three to five working days. Your other card is not affected and you can keep using it.',
  'The foreign transaction fee is 2.75% of the payment amount, as shown in our tariff. If you think it was charged in error, I can pass it to our fee-review team.',
  'I understand this has been frustrating. I have logged your complaint about the wait times and a colleague from our complaints team will contact you within five working days.',
  'Of course. I am connecting you to a colleague now. I have summarised our conversation so you will not need to repeat yourself.',
];

export const statementMerchants = [
  'SALARY HARBOR LOGISTICS LTD',
  'TESCO STORES 3012',
  'TFL TRAVEL CH',
  'NETFLIX.COM',
  'BRITISH GAS',
  'COUNCIL TAX DD',
  'AMAZON MARKETPLACE',
  'COSTA COFFEE 0442',
  'RENT STANDING ORDER',
  'CASH WITHDRAWAL ATM 22',
  'BETFRONT GAMING',
  'CHILD BENEFIT',
];
