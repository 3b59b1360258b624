using System.Globalization;
using System.Text.Json.Nodes;

namespace Kam.EventStore.ApiDocs;

/// <summary>
/// The story Swagger UI tells: every write operation's example request, in the order a first user sends them, with fixed
/// ids so each example names what an earlier one created. Sent as they are, in this order, against an empty database, by
/// a caller who is the sales director (<see cref="Director"/>) with the roles admin and approver, every one succeeds
/// (a test does exactly that). Kept here, by operation id, rather than in the command files, so a command's own
/// <c>&lt;example&gt;</c> texts stay short and the chain is readable in one place.
/// <para>
/// Business dates are relative to the service's today (the designation four months ago, the meeting a month ago, a delivery
/// due in two months), so the examples keep working whatever the date; bodies leave out what is optional, <c>version</c>
/// above all (an expected version of 0 would be refused on every existing stream).
/// </para>
/// </summary>
public static class FirstStory
{
    /// <summary>The sales director: approves commitments above the KAMs' authority. The story's caller.</summary>
    public const string Director = "pekka.korhonen@example.com";

    /// <summary>The account's first KAM.</summary>
    public const string Kam = "anna.virtanen@example.com";

    /// <summary>The KAM who takes the account over.</summary>
    public const string SecondKam = "mikko.nieminen@example.com";

    /// <summary>The roles the story's caller needs: admin (people and authority, and every writer's operation) and approver.</summary>
    public static readonly IReadOnlyList<string> CallerRoles = [Roles.Admin, Roles.Approver];

    public static readonly Guid AccountId = Guid.Parse("0196f1c4-5b7e-7a51-9c3e-5c1f0a7d2e11");
    public static readonly Guid ProcurementHead = Guid.Parse("0196f1c5-0a00-7000-8000-000000000001");
    public static readonly Guid ProductionManager = Guid.Parse("0196f1c5-0a00-7000-8000-000000000002");
    public static readonly Guid PriceReview = Guid.Parse("0196f1c6-1b00-7000-8000-000000000001");
    public static readonly Guid MisfiledCall = Guid.Parse("0196f1c6-1b00-7000-8000-000000000002");
    public static readonly Guid Note = Guid.Parse("0196f1c7-2c00-7000-8000-000000000001");
    public static readonly Guid Discount = Guid.Parse("0196f1c8-3d00-7000-8000-000000000001");
    public static readonly Guid Delivery = Guid.Parse("0196f1c8-3d00-7000-8000-000000000002");
    public static readonly Guid AuditReport = Guid.Parse("0196f1c8-3d00-7000-8000-000000000003");
    public static readonly Guid Training = Guid.Parse("0196f1c8-3d00-7000-8000-000000000004");
    public static readonly Guid SparePartsDiscount = Guid.Parse("0196f1c8-3d00-7000-8000-000000000005");
    public static readonly Guid ServiceLevel = Guid.Parse("0196f1c8-3d00-7000-8000-000000000006");
    public static readonly Guid Plan = Guid.Parse("0196f1d0-4e00-7000-8000-000000000001");
    public static readonly Guid ShareOfWallet = Guid.Parse("0196f1d0-4e00-7000-8000-000000000011");
    public static readonly Guid Reviews = Guid.Parse("0196f1d0-4e00-7000-8000-000000000021");
    public static readonly Guid MillVisit = Guid.Parse("0196f1d0-4e00-7000-8000-000000000022");
    public static readonly Guid Project = Guid.Parse("0196f1d1-5f00-7000-8000-000000000001");
    public static readonly Guid TrialRun = Guid.Parse("0196f1d1-5f00-7000-8000-000000000011");
    public static readonly Guid SlotRisk = Guid.Parse("0196f1d1-5f00-7000-8000-000000000021");
    public static readonly Guid PriceRisk = Guid.Parse("0196f1d1-5f00-7000-8000-000000000022");
    public static readonly Guid SlotLost = Guid.Parse("0196f1d1-5f00-7000-8000-000000000031");
    public static readonly Guid DamagedReels = Guid.Parse("0196f1d1-5f00-7000-8000-000000000032");
    public static readonly Guid SecondRun = Guid.Parse("0196f1d1-5f00-7000-8000-000000000041");
    public static readonly Guid ThirdGrade = Guid.Parse("0196f1d1-5f00-7000-8000-000000000042");

    // The account's sales (Sales/): a budget, actuals, two opportunities and a negotiation whose concession becomes a commitment.
    public static readonly Guid Budget = Guid.Parse("0196f1c9-4e00-7000-8000-000000000001");
    public static readonly Guid ActualQ1 = Guid.Parse("0196f1c9-4e00-7000-8000-000000000002");
    public static readonly Guid ActualQ2 = Guid.Parse("0196f1c9-4e00-7000-8000-000000000003");
    public static readonly Guid ActualBatch = Guid.Parse("0196f1c9-4e00-7000-8000-000000000004");
    public static readonly Guid Maintenance = Guid.Parse("0196f1c9-4e00-7000-8000-000000000005");
    public static readonly Guid Automation = Guid.Parse("0196f1c9-4e00-7000-8000-000000000006");
    public static readonly Guid Negotiation = Guid.Parse("0196f1c9-4e00-7000-8000-000000000007");
    public static readonly Guid VolumeDiscount = Guid.Parse("0196f1c9-4e00-7000-8000-000000000008");
    public static readonly Guid PaymentTerms = Guid.Parse("0196f1c9-4e00-7000-8000-000000000009");
    public static readonly Guid FreeAudit = Guid.Parse("0196f1c9-4e00-7000-8000-00000000000a");
    public static readonly Guid VolumeDiscountPromise = Guid.Parse("0196f1c9-4e00-7000-8000-00000000000b");

    // The informant (Health/, Reviews/): a formula version of the company's own, and the quarter's management review.
    public static readonly Guid Review = Guid.Parse("0196f1ca-5f00-7000-8000-000000000001");

    /// <summary>The story's fiscal year: twelve months from the first of the designation's month (it contains today).</summary>
    public static (DateOnly From, DateOnly To) FiscalYear(DateOnly today)
    {
        var designated = today.AddDays(-120);
        var from = new DateOnly(designated.Year, designated.Month, 1);
        return (from, from.AddYears(1).AddDays(-1));
    }

    /// <summary>How many steps tell the first story proper (people to an approved commitment); the rest use every other operation.</summary>
    public const int FirstStorySteps = 12;

    /// <summary>
    /// One request of the story. <paramref name="Path"/> holds the route's values; <paramref name="PathFromAnswer"/> names a
    /// route value the service chooses (no client-chosen id exists for it), taken from the answer of the step of that operation.
    /// </summary>
    public sealed record Step(
        int Number, string OperationId, string Name, string Summary, IReadOnlyDictionary<string, string> Path, JsonObject Body,
        IReadOnlyDictionary<string, string>? PathFromAnswer = null);

    /// <summary>The steps, dated relative to <paramref name="today"/>.</summary>
    public static IReadOnlyList<Step> Steps(DateOnly today)
    {
        string On(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string At(int days, int hour, int minute = 0) => $"{On(days)}T{hour:00}:{minute:00}:00Z";
        var account = new Dictionary<string, string> { ["accountId"] = AccountId.ToString() };
        Dictionary<string, string> Person(string id) => new() { ["personId"] = id };
        Dictionary<string, string> Commitment(Guid id) => new() { ["commitmentId"] = id.ToString() };
        Dictionary<string, string> With(string name, object value) => new(account) { [name] = value.ToString()! };
        Dictionary<string, string> OnPlan(params (string Name, Guid Id)[] more) =>
            new([KeyValuePair.Create("planId", Plan.ToString()), .. more.Select(m => KeyValuePair.Create(m.Name, m.Id.ToString()))]);
        Dictionary<string, string> OnProject(params (string Name, Guid Id)[] more) =>
            new([KeyValuePair.Create("projectId", Project.ToString()), .. more.Select(m => KeyValuePair.Create(m.Name, m.Id.ToString()))]);
        var objective = $$"""
            {"objectiveId": "{{ShareOfWallet}}", "description": "Grow our share of the customer's coated board purchases", "metric": "Share of wallet, coated board",
             "unit": "%", "baseline": 20, "target": TARGET, "dueOn": "{{On(365)}}", "whose": "Joint"}
            """;
        var reviews = $$"""
            {"actionId": "{{Reviews}}", "description": "Quarterly business reviews with the head of procurement", "ownerPersonId": "{{Kam}}",
             "dueOn": "{{On(90)}}", "objectiveId": "{{ShareOfWallet}}"}
            """;

        var (yearFrom, _) = FiscalYear(today);
        string Month(int months, int days = 0) => yearFrom.AddMonths(months).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string Quarter(int q) => $$"""{"from": "{{Month(3 * q)}}", "to": "{{Month(3 * q + 3, -1)}}"}""";
        string Quarters(params int[] amounts) =>
            $"[{string.Join(", ", amounts.Select((a, q) => $$"""{"period": {{Quarter(q)}}, "amount": {{a}}}"""))}]";
        Dictionary<string, string> Opportunity(Guid id) => new() { ["opportunityId"] = id.ToString() };
        var negotiation = new Dictionary<string, string> { ["negotiationId"] = Negotiation.ToString() };
        Dictionary<string, string> Concession(Guid id) => new(negotiation) { ["concessionId"] = id.ToString() };

        var steps = new List<(string Operation, string Name, string Summary, Dictionary<string, string> Path, string Body, Dictionary<string, string>? From)>
        {
            ("RegisterPerson", "sales-director", "Register the sales director", [], $$"""
                {"personId": "{{Director}}", "name": "Pekka Korhonen", "title": "Sales Director", "orgUnit": "Sales Finland", "seniority": "Director"}
                """, null),
            ("RegisterPerson", "kam", "Register a KAM reporting to the sales director", [], $$"""
                {"personId": "{{Kam}}", "name": "Anna Virtanen", "title": "Key Account Manager", "orgUnit": "Sales Finland",
                 "seniority": "Senior", "managerPersonId": "{{Director}}"}
                """, null),
            ("RegisterPerson", "second-kam", "Register a second KAM", [], $$"""
                {"personId": "{{SecondKam}}", "name": "Mikko Nieminen", "title": "Key Account Manager", "orgUnit": "Sales Finland",
                 "seniority": "Senior", "managerPersonId": "{{Director}}"}
                """, null),
            ("GrantAuthority", "sales-director", $"The sales director's authority (send to /api/people/{Director}/authority-grants)", Person(Director), $$"""
                {"effectiveFrom": "{{On(-365)}}", "maxCommitmentValues": [{"amount": 1000000, "currency": "EUR"}], "maxDiscountPercent": 25,
                 "commitmentKinds": ["DeliveryDate", "PriceOrDiscount", "ServiceLevel", "FeatureOrRoadmap", "Resource", "InformationOrFollowUp", "Other"],
                 "reason": "Sales director: approves the KAMs' commitments"}
                """, null),
            ("GrantAuthority", "kam", $"The KAM's authority, approved above it by the sales director (send to /api/people/{Kam}/authority-grants)", Person(Kam), $$"""
                {"effectiveFrom": "{{On(-365)}}", "maxCommitmentValues": [{"amount": 50000, "currency": "EUR"}], "maxDiscountPercent": 10,
                 "commitmentKinds": ["DeliveryDate", "PriceOrDiscount", "ServiceLevel", "Resource", "InformationOrFollowUp"],
                 "approverPersonId": "{{Director}}", "reason": "Standard KAM authority"}
                """, null),
            ("GrantAuthority", "second-kam", $"The second KAM's authority (send to /api/people/{SecondKam}/authority-grants)", Person(SecondKam), $$"""
                {"effectiveFrom": "{{On(-365)}}", "maxCommitmentValues": [{"amount": 50000, "currency": "EUR"}], "maxDiscountPercent": 10,
                 "commitmentKinds": ["DeliveryDate", "PriceOrDiscount", "ServiceLevel", "Resource", "InformationOrFollowUp"],
                 "approverPersonId": "{{Director}}", "reason": "Standard KAM authority"}
                """, null),
            ("DesignateKeyAccount", "designate", "Designate a key account, with a fixed id the later examples use", [], $$"""
                {"accountId": "{{AccountId}}", "name": "Nordic Paper Oy", "registryId": "FI12345678", "segment": "Pulp and paper", "tier": "Key",
                 "criteriaMet": ["Revenue potential over 1 MEUR", "Strategic fit"], "designatedOn": "{{On(-120)}}",
                 "revenueBudget": {"amount": 1200000, "currency": "EUR"} }
                """, null),
            ("AssignAccountManager", "assign", "Assign the KAM from the designation day", account, $$"""
                {"personId": "{{Kam}}", "effectiveOn": "{{On(-120)}}", "note": "Anna knows the mill's procurement team."}
                """, null),
            ("AddStakeholder", "decision-maker", "Add the customer's head of procurement, the decision maker", account, $$"""
                {"stakeholderId": "{{ProcurementHead}}", "name": "Maria Korhonen", "title": "Head of Procurement", "department": "Procurement",
                 "level": "Management", "buyingRole": "DecisionMaker", "stance": "Neutral", "email": "maria.korhonen@nordicpaper.example",
                 "effectiveOn": "{{On(-100)}}"}
                """, null),
            ("RecordInteraction", "meeting", "Record last month's price review meeting", account, $$"""
                {"interactionId": "{{PriceReview}}", "kind": "Meeting", "channel": "InPerson", "happenedAt": "{{At(-30, 10)}}", "durationMinutes": 90,
                 "subject": "Price review 2027", "summary": "Walked through the 2027 price list; they asked for a volume discount above 500 t a year.",
                 "ourParticipants": ["{{Kam}}"], "theirParticipants": ["{{ProcurementHead}}"], "topics": ["Pricing", "Volumes"],
                 "disclosures": [{"what": "Draft 2027 price list", "to": ["{{ProcurementHead}}"], "underNda": true}],
                 "followUps": [{"action": "Send the volume discount proposal", "ownerPersonId": "{{Kam}}", "dueOn": "{{On(-23)}}"}]}
                """, null),
            ("MakeCommitment", "discount", "A discount above the KAM's 10 %: pending the sales director's approval", account, $$"""
                {"commitmentId": "{{Discount}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProcurementHead}}"], "interactionId": "{{PriceReview}}",
                 "kind": "PriceOrDiscount", "description": "12% discount on the 2027 framework price list above 500 t a year", "discountPercent": 12,
                 "occurredAt": "{{At(-30, 11)}}"}
                """, null),
            ("ApproveCommitment", "approve", "The sales director (the caller) approves the discount", Commitment(Discount), """
                {"note": "The volume justifies it."}
                """, null),

            // The strategy developer: the account plan, agreed by the customer and signed off by the KAM's manager (the caller).
            ("DraftAccountPlan", "plan", "Draft the account plan for the next two years", account, $$"""
                {"planId": "{{Plan}}", "title": "Nordic Paper: from supplier to partner", "periodFrom": "{{On(-30)}}", "periodTo": "{{On(700)}}",
                 "authorPersonId": "{{Kam}}", "objectives": [{{objective.Replace("TARGET", "30", StringComparison.Ordinal)}}],
                 "strategies": ["Move the relationship from procurement to the mill's production management"], "actions": [{{reviews}}]}
                """, null),
            ("AgreePlanObjective", "agreed", "The head of procurement agrees to the share-of-wallet objective", OnPlan(("objectiveId", ShareOfWallet)), $$"""
                {"stakeholderId": "{{ProcurementHead}}"}
                """, null),
            ("SignOffAccountPlan", "signed-off", "The KAM's manager (the caller) signs the plan off", OnPlan(), """
                {"note": "Agreed in the sales leadership review"}
                """, null),
            ("MeasureObjectiveProgress", "progress", "The share of wallet measured at 24 %", OnPlan(("objectiveId", ShareOfWallet)), """
                {"value": 24, "note": "Customer's purchasing report"}
                """, null),
            ("CompletePlanAction", "reviews-held", "The first quarterly review was held", OnPlan(("actionId", Reviews)), """
                {"note": "First quarterly review held with the head of procurement"}
                """, null),
            ("ReviseAccountPlan", "revision", "Revise the plan: a higher target and a mill visit", OnPlan(), $$"""
                {"objectives": [{{objective.Replace("TARGET", "35", StringComparison.Ordinal)}}], "strategies": ["Move the relationship from procurement to the mill's production management"],
                 "actions": [{{reviews}}, {"actionId": "{{MillVisit}}", "description": "Visit the Kuusankoski mill with our product developers", "ownerPersonId": "{{Kam}}",
                 "dueOn": "{{On(120)}}", "objectiveId": "{{ShareOfWallet}}"}], "reason": "The customer's board raised its sourcing ambition with us"}
                """, null),
            ("DropPlanAction", "visit-dropped", "The mill visit is dropped", OnPlan(("actionId", MillVisit)), """
                {"reason": "The customer moved the visit into the joint project"}
                """, null),

            // The development project leader: a joint project, its budget raised within the director's authority (the caller's).
            ("StartJointProject", "project", "Start a joint development project serving the plan's objective", account, $$"""
                {"projectId": "{{Project}}", "name": "Recycled-fibre coated board pilot", "goal": "Qualify a coated board grade with 40% recycled fibre on the customer's line",
                 "planId": "{{Plan}}", "objectiveId": "{{ShareOfWallet}}", "sponsorStakeholderId": "{{ProcurementHead}}", "leadPersonId": "{{Kam}}",
                 "ourMembers": [{"personId": "{{Kam}}", "role": "Project lead"}], "theirMembers": [{"stakeholderId": "{{ProcurementHead}}", "role": "Sponsor"}],
                 "budget": {"amount": 250000, "currency": "EUR"}, "milestones": [{"milestoneId": "{{TrialRun}}", "name": "Trial run on the customer's line", "dueOn": "{{On(90)}}"}]}
                """, null),
            ("ReportProjectStatus", "green", "The first status report: green", OnProject(), """
                {"rag": "Green", "summary": "Lab trials on schedule; the customer's line booked for the trial run.", "nextSteps": "Agree the test protocol with the mill."}
                """, null),
            ("RaiseProjectRisk", "slot-risk", "A risk: the line slot may be cancelled", OnProject(), $$"""
                {"riskId": "{{SlotRisk}}", "description": "The customer's line slot for the trial run may be cancelled", "probability": 0.4, "impact": "High",
                 "ownerPersonId": "{{Kam}}", "mitigation": "Book a backup slot at the Kaskinen mill"}
                """, null),
            ("ReassessProjectRisk", "more-likely", "The risk grows more likely", OnProject(("riskId", SlotRisk)), $$"""
                {"probability": 0.7, "impact": "High", "ownerPersonId": "{{Kam}}", "mitigation": "Backup slot requested; no answer yet",
                 "reason": "The mill announced extra maintenance days"}
                """, null),
            ("ProposeProjectChange", "second-run", "The KAM proposes a budget increase for a second trial run", OnProject(), $$"""
                {"changeRequestId": "{{SecondRun}}", "kind": "Budget", "description": "A second trial run on the customer's line",
                 "reason": "The first tests showed curl at high speed", "newBudgetAmount": 300000, "proposedByPersonId": "{{Kam}}"}
                """, null),
            ("ApproveProjectChange", "approved", "The sales director (the caller) approves it within her authority", OnProject(("changeRequestId", SecondRun)), """
                {"note": "Funded from the development budget"}
                """, null),
            ("SlipMilestone", "slipped", "The trial run slips by a month", OnProject(("milestoneId", TrialRun)), $$"""
                {"dueOn": "{{On(120)}}", "reason": "The customer's line maintenance moved"}
                """, null),
            ("RealiseProjectRisk", "slot-lost", "The slot is cancelled: the risk becomes an issue", OnProject(("riskId", SlotRisk)), $$"""
                {"issueId": "{{SlotLost}}", "description": "The customer cancelled the line slot for the trial run"}
                """, null),
            ("RaiseProjectIssue", "damaged-reels", "An issue: trial reels damaged in transport", OnProject(), $$"""
                {"issueId": "{{DamagedReels}}", "description": "Trial reels damaged in transport", "ownerPersonId": "{{Kam}}"}
                """, null),
            ("ResolveProjectIssue", "slot-found", "The lost slot is replaced", OnProject(("issueId", SlotLost)), """
                {"resolution": "New slot booked at the Kaskinen mill"}
                """, null),
            ("RaiseProjectRisk", "price-risk", "Another risk: the pulp price", OnProject(), $$"""
                {"riskId": "{{PriceRisk}}", "description": "A pulp price spike makes the grade uneconomic", "probability": 0.2, "impact": "Medium", "ownerPersonId": "{{Kam}}"}
                """, null),
            ("CloseProjectRisk", "price-risk-gone", "The pulp price risk passes", OnProject(("riskId", PriceRisk)), """
                {"reason": "Pulp contract fixed for the year"}
                """, null),
            ("ProposeProjectChange", "third-grade", "The customer asks for a third grade", OnProject(), $$"""
                {"changeRequestId": "{{ThirdGrade}}", "kind": "Scope", "description": "Qualify a third grade", "reason": "The customer's packaging line wants it",
                 "proposedByPersonId": "{{Kam}}"}
                """, null),
            ("RejectProjectChange", "not-now", "The sales director rejects the scope change", OnProject(("changeRequestId", ThirdGrade)), """
                {"reason": "No budget left this year; propose it again in January"}
                """, null),
            ("ReachMilestone", "trial-run", "The trial run is done", OnProject(("milestoneId", TrialRun)), """
                {"note": "Trial run report signed by the mill manager"}
                """, null),
            ("CloseJointProject", "delivered", "The project closes, delivered", OnProject(), """
                {"outcome": "Delivered", "lessons": ["Book the customer's line a quarter ahead", "Keep a fifth of the budget for a second trial run"]}
                """, null),
            ("CloseAccountPlan", "plan-closed", "The plan is closed", OnPlan(), """
                {"reason": "Replaced by the next plan"}
                """, null),

            // The rest of the account's life: every other operation, in an order in which each succeeds.
            ("AddStakeholder", "influencer", "Add the production manager, an influencer", account, $$"""
                {"stakeholderId": "{{ProductionManager}}", "name": "Jussi Lahtinen", "title": "Production Manager", "department": "Kuusankoski mill",
                 "level": "Operational", "buyingRole": "Influencer", "stance": "Supportive", "effectiveOn": "{{On(-100)}}"}
                """, null),
            ("EstablishRelationshipLink", "kam-to-decision-maker", "Link the KAM to the decision maker", account, $$"""
                {"personId": "{{Kam}}", "stakeholderId": "{{ProcurementHead}}", "strength": "Medium", "effectiveOn": "{{On(-100)}}"}
                """, null),
            ("EstablishRelationshipLink", "second-kam-to-influencer", "Link the second KAM to the production manager", account, $$"""
                {"personId": "{{SecondKam}}", "stakeholderId": "{{ProductionManager}}", "strength": "Weak", "effectiveOn": "{{On(-90)}}"}
                """, null),
            ("ChangeLinkStrength", "stronger", "The KAM's link to the decision maker grew strong", new(account) { ["personId"] = Kam, ["stakeholderId"] = ProcurementHead.ToString() }, """
                {"strength": "Strong"}
                """, null),
            ("MakeCommitment", "delivery", "A delivery date within the KAM's authority: in force at once", account, $$"""
                {"commitmentId": "{{Delivery}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProcurementHead}}"], "interactionId": "{{PriceReview}}",
                 "kind": "DeliveryDate", "description": "First 2027 deliveries from the new coating line", "occurredAt": "{{At(-30, 11, 15)}}",
                 "dueOn": "{{On(60)}}"}
                """, null),
            ("MakeCommitment", "follow-up", "A follow-up: send the audit report", account, $$"""
                {"commitmentId": "{{AuditReport}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProcurementHead}}"], "kind": "InformationOrFollowUp",
                 "description": "Send the mill audit report", "occurredAt": "{{At(-30, 11, 20)}}", "dueOn": "{{On(7)}}"}
                """, null),
            ("MakeCommitment", "training", "Operator training worth 8,000 EUR", account, $$"""
                {"commitmentId": "{{Training}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProductionManager}}"], "kind": "Resource",
                 "description": "Two days of operator training at the Kuusankoski mill", "value": {"amount": 8000, "currency": "EUR"},
                 "occurredAt": "{{At(-30, 11, 30)}}", "dueOn": "{{On(45)}}"}
                """, null),
            ("MakeCommitment", "spare-parts-discount", "A 20 % discount, to be rejected", account, $$"""
                {"commitmentId": "{{SparePartsDiscount}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProcurementHead}}"], "kind": "PriceOrDiscount",
                 "description": "20% discount on spare parts", "discountPercent": 20, "occurredAt": "{{At(-30, 11, 40)}}"}
                """, null),
            ("MakeCommitment", "service-level", "A service level that stays with the KAM at the handover", account, $$"""
                {"commitmentId": "{{ServiceLevel}}", "madeBy": "{{Kam}}", "madeTo": ["{{ProductionManager}}"], "kind": "ServiceLevel",
                 "description": "Response within 4 hours to a coating line outage", "occurredAt": "{{At(-30, 11, 50)}}"}
                """, null),
            ("RejectCommitment", "reject", "The sales director rejects the spare-parts discount", Commitment(SparePartsDiscount), """
                {"reason": "Beyond the spare-parts margin; offer 8% instead."}
                """, null),
            ("AmendCommitment", "new-due-date", "The delivery moves by two weeks", Commitment(Delivery), $$"""
                {"dueOn": "{{On(75)}}", "reason": "The customer moved the line start by two weeks."}
                """, null),
            ("FulfilCommitment", "delivered", "The delivery was made", Commitment(Delivery), """
                {"evidence": "Delivery note DN-2027-0113"}
                """, null),
            ("RecordCommitmentBroken", "report-late", "The audit report promise was broken", Commitment(AuditReport), """
                {"reason": "The audit report was not ready in time.", "customerInformed": true}
                """, null),
            ("WithdrawCommitment", "training-moved", "The training promise was withdrawn with the customer's agreement", Commitment(Training), """
                {"reason": "Training moved into the service contract.", "agreedWithCustomer": true}
                """, null),
            ("RecordNote", "note", "Tacit knowledge about the decision maker", account, $$"""
                {"noteId": "{{Note}}", "text": "Maria decides on price, but checks volumes with the mill first.", "tags": ["decision-making"],
                 "authorPersonId": "{{Kam}}", "stakeholderIds": ["{{ProcurementHead}}"]}
                """, null),
            ("RecordInteraction", "misfiled-call", "A call recorded on the wrong account (retracted next)", account, $$"""
                {"interactionId": "{{MisfiledCall}}", "kind": "Call", "channel": "Phone", "subject": "Pallet sizes", "summary": "Quick call about pallet sizes.",
                 "ourParticipants": ["{{Kam}}"]}
                """, null),
            ("RetractInteraction", "retract", "Retract the misfiled call", With("interactionId", MisfiledCall), """
                {"reason": "Recorded on the wrong account."}
                """, null),
            ("CorrectInteraction", "duration", "The price review took two hours", With("interactionId", PriceReview), """
                {"reason": "The meeting ran over; it took two hours.", "durationMinutes": 120}
                """, null),
            ("AddTeamMember", "delivery-specialist", "The second KAM joins the account team", account, $$"""
                {"personId": "{{SecondKam}}", "role": "Specialist", "effectiveOn": "{{On(-90)}}"}
                """, null),
            ("ChangeTeamMemberRole", "delivery-manager", "The second KAM manages deliveries", With("personId", SecondKam), """
                {"role": "DeliveryManager"}
                """, null),
            ("RemoveTeamMember", "leaves-team", "The second KAM leaves the team to take the account over", With("personId", SecondKam), """
                {"reason": "Takes the account over as KAM."}
                """, null),
            ("OrganiseKamRole", "managerial", "How the KAM role is organised on this account", account, $$"""
                {"role": "Managerial", "managerPersonId": "{{Director}}", "salesSharePercent": 60}
                """, null),
            ("NoteCompetitor", "competitor", "A competitor supplies bleaching chemicals", account, $$"""
                {"name": "Papyrus Chemicals AB", "where": "Bleaching chemicals, Kuusankoski mill", "effectiveOn": "{{On(-60)}}"}
                """, null),
            ("RecordCompetitorGone", "competitor-gone", "The competitor lost the contract (its id is in the NoteCompetitor answer)", With("competitorId", "00000000-0000-0000-0000-000000000000"), """
                {"reason": "Lost the bleaching contract to us."}
                """, new() { ["competitorId"] = "NoteCompetitor" }),
            ("ChangeStakeholder", "promoted", "The head of procurement was promoted", With("stakeholderId", ProcurementHead), """
                {"title": "Procurement Director", "level": "Executive", "reason": "Promoted to the management board."}
                """, null),
            ("EndRelationshipLink", "link-ends", "The second KAM's link to the production manager ends", new(account) { ["personId"] = SecondKam, ["stakeholderId"] = ProductionManager.ToString() }, """
                {"reason": "No contact since the spring."}
                """, null),
            ("RecordStakeholderDeparture", "left", "The production manager left the customer", With("stakeholderId", ProductionManager), """
                {"reason": "Moved to another company."}
                """, null),
            ("HandOverAccount", "handover", "The account passes to the second KAM", account, $$"""
                {"toPersonId": "{{SecondKam}}", "handoverNote": "Open: the approved 12% discount and the 4-hour service level."}
                """, null),
            ("KeepCommitmentOwnership", "stays", "The service level stays with the first KAM", Commitment(ServiceLevel), """
                {"reason": "Anna keeps the service level until the contract renewal."}
                """, null),
            ("ReassignCommitmentOwner", "to-director", "The sales director takes the discount over", Commitment(Discount), $$"""
                {"owner": "{{Director}}", "reason": "The director oversees the framework discount."}
                """, null),
            ("AcknowledgeCommitmentOwnership", "acknowledge", "The new owner (the caller) acknowledges the discount", Commitment(Discount), "{}", null),

            // The seller, the negotiator and the result maker.
            ("SetRevenueBudget", "budget", "The year's revenue budget, by quarter, approved by the sales director", account, $$"""
                {"budgetId": "{{Budget}}", "period": {"from": "{{Month(0)}}", "to": "{{Month(12, -1)}}"}, "currency": "EUR",
                 "lines": {{Quarters(500000, 600000, 600000, 700000)}}, "approvedByPersonId": "{{Director}}", "setOn": "{{On(-110)}}"}
                """, null),
            ("ReviseRevenueBudget", "revision", "The budget revised upwards for the second half", new() { ["budgetId"] = Budget.ToString() }, $$"""
                {"lines": {{Quarters(500000, 600000, 700000, 900000)}}, "reason": "New coating line in production from the third quarter.",
                 "approvedByPersonId": "{{Director}}", "revisedOn": "{{On(-20)}}"}
                """, null),
            ("RecordRevenueActual", "first-quarter", "The first quarter's revenue from the ERP", account, $$"""
                {"actualId": "{{ActualQ1}}", "period": {{Quarter(0)}}, "amount": {"amount": 480000, "currency": "EUR"},
                 "source": "ERP-INV-Q1-0042", "bookedOn": "{{On(-10)}}"}
                """, null),
            ("RecordRevenueActuals", "second-quarter", "The second quarter's ERP batch for every key account (here one line)", [], $$"""
                {"batchId": "{{ActualBatch}}", "period": {{Quarter(1)}}, "source": "ERP-INV-Q2-0107", "bookedOn": "{{On(-5)}}",
                 "lines": [{"accountId": "{{AccountId}}", "actualId": "{{ActualQ2}}", "amount": {"amount": 5800000, "currency": "SEK"}, "rate": 0.0875}]}
                """, null),
            ("CorrectRevenueActual", "credit-note", "The first quarter was 10,000 EUR less: a credit note", new() { ["actualId"] = ActualQ1.ToString() }, """
                {"amount": {"amount": 470000, "currency": "EUR"}, "source": "ERP-CREDIT-0007", "reason": "A credit note for returned rolls was missing."}
                """, null),
            ("OpenOpportunity", "maintenance", "An opportunity: the mill's maintenance contract", account, $$"""
                {"opportunityId": "{{Maintenance}}", "title": "Kuusankoski maintenance contract", "value": {"amount": 300000, "currency": "EUR"},
                 "expectedCloseOn": "{{On(60)}}", "products": ["Maintenance services"], "ownerPersonId": "{{Kam}}",
                 "stakeholderIds": ["{{ProcurementHead}}"], "source": "Customer RFQ", "stage": "Qualify", "openedOn": "{{On(-90)}}"}
                """, null),
            ("OpenOpportunity", "automation", "A second opportunity: line automation", account, $$"""
                {"opportunityId": "{{Automation}}", "title": "Coating line automation", "value": {"amount": 200000, "currency": "EUR"},
                 "expectedCloseOn": "{{On(30)}}", "products": ["Automation"], "ownerPersonId": "{{Kam}}", "source": "Account plan", "openedOn": "{{On(-90)}}"}
                """, null),
            ("ChangeOpportunityStage", "propose", "A proposal is with the customer", Opportunity(Maintenance), $$"""
                {"stage": "Propose", "note": "Proposal sent to the head of procurement", "occurredAt": "{{At(-85, 10)}}"}
                """, null),
            ("ReviseOpportunity", "bigger", "The scope grew to a second mill", Opportunity(Maintenance), $$"""
                {"value": {"amount": 350000, "currency": "EUR"}, "reason": "The Kouvola mill joins the contract.", "occurredAt": "{{At(-80, 10)}}"}
                """, null),
            ("OpenNegotiation", "negotiation", "Negotiate the maintenance contract, with our mandate", account, $$"""
                {"negotiationId": "{{Negotiation}}", "subject": "Price and terms of the maintenance contract", "opportunityId": "{{Maintenance}}",
                 "negotiatorPersonIds": ["{{Kam}}"], "stakeholderIds": ["{{ProcurementHead}}"],
                 "mandate": {"openingPosition": "List price, 30-day payment terms", "walkAwayLimit": "At most 14% discount and 60-day terms"},
                 "openedOn": "{{On(-60)}}"}
                """, null),
            ("RecordNegotiationRound", "round-1", "The first round", negotiation, $$"""
                {"weAsked": "A three-year term", "weOffered": "List price with 3% volume discount", "theyAsked": "15% discount and 90-day terms",
                 "theyOffered": "A two-year term", "heldOn": "{{On(-55)}}"}
                """, null),
            ("OfferConcession", "volume-discount", "The KAM offers 12 %, above her 10 %: pending approval", negotiation, $$"""
                {"concessionId": "{{VolumeDiscount}}", "kind": "Discount", "description": "12% discount on the maintenance price list",
                 "discountPercent": 12, "offeredByPersonId": "{{Kam}}", "offeredOn": "{{On(-50)}}"}
                """, null),
            ("ApproveConcession", "approve-discount", "The sales director (the caller) approves the 12 %", Concession(VolumeDiscount), $$"""
                {"note": "A three-year term justifies it.", "occurredAt": "{{At(-49, 10)}}"}
                """, null),
            ("GrantConcession", "grant-discount", "The 12 % is granted: it becomes a commitment, linked both ways", Concession(VolumeDiscount), $$"""
                {"commitmentId": "{{VolumeDiscountPromise}}", "grantedOn": "{{On(-48)}}"}
                """, null),
            ("OfferConcession", "payment-terms", "60-day payment terms, within the KAM's authority", negotiation, $$"""
                {"concessionId": "{{PaymentTerms}}", "kind": "PaymentTerms", "description": "60-day payment terms", "paymentTermDays": 60,
                 "offeredByPersonId": "{{Kam}}", "offeredOn": "{{On(-47)}}"}
                """, null),
            ("WithdrawConcession", "withdraw-terms", "The payment terms are withdrawn", Concession(PaymentTerms), $$"""
                {"reason": "The customer accepted 30 days with the discount.", "occurredAt": "{{At(-46, 10)}}"}
                """, null),
            ("OfferConcession", "free-audit", "A free energy audit worth 60,000 EUR, above the KAM's 50,000", negotiation, $$"""
                {"concessionId": "{{FreeAudit}}", "kind": "FreeService", "description": "A free energy audit of both mills",
                 "value": {"amount": 60000, "currency": "EUR"}, "offeredByPersonId": "{{Kam}}", "offeredOn": "{{On(-45)}}"}
                """, null),
            ("RejectConcession", "reject-audit", "The sales director rejects the free audit", Concession(FreeAudit), $$"""
                {"reason": "Audits are sold, not given.", "occurredAt": "{{At(-44, 10)}}"}
                """, null),
            ("CloseNegotiation", "agreement", "The negotiation closes with an agreement", negotiation, $$"""
                {"outcome": "Agreement", "agreedTerms": "Three years at list price less 12%, 30-day terms", "closedOn": "{{On(-40)}}"}
                """, null),
            ("WinOpportunity", "won", "The maintenance contract is won, with the commitment that won it", Opportunity(Maintenance), $$"""
                {"bookedValue": {"amount": 308000, "currency": "EUR"}, "commitmentIds": ["{{VolumeDiscountPromise}}"], "wonOn": "{{On(-35)}}"}
                """, null),
            ("LoseOpportunity", "lost", "The automation is lost to a competitor, now noted on the account", Opportunity(Automation), $$"""
                {"reason": "Price 12% above the winning offer", "competitorName": "Acme Automation Oy", "lostOn": "{{On(-30)}}"}
                """, null),
            ("ReopenOpportunity", "reopen", "The competitor's offer fell through: pursued again", Opportunity(Automation), """
                {"reason": "The winner could not deliver in time.", "stage": "Negotiate"}
                """, null),
            ("AbandonOpportunity", "abandon", "The customer postponed the automation", Opportunity(Automation), """
                {"reason": "The investment was postponed to next year."}
                """, null),

            // The informant: the company's own health formula, and the KAM's management review (generated from the records, with commentary).
            ("RegisterHealthFormula", "coverage-first", "Register the company's own health formula (version 1; admins only)", [], """
                {"name": "Coverage first", "reason": "Decision makers and contact weigh more; competitors less.",
                 "signals": [{"signal": "LevelsLinked", "weight": 10, "good": 3, "bad": 0},
                             {"signal": "DecisionMakersStronglyLinked", "weight": 20, "good": 100, "bad": 0},
                             {"signal": "SingleThreaded", "weight": 5, "good": 0, "bad": 1},
                             {"signal": "DaysSinceContact", "weight": 20, "good": 21, "bad": 120},
                             {"signal": "OverdueCommitments", "weight": 15, "good": 0, "bad": 3},
                             {"signal": "BrokenCommitments", "weight": 10, "good": 0, "bad": 2, "windowDays": 365},
                             {"signal": "BudgetAttainment", "weight": 15, "good": 100, "bad": 70},
                             {"signal": "CompetitorsPresent", "weight": 5, "good": 0, "bad": 4}],
                 "bands": [{"name": "Red", "min": 0, "max": 44}, {"name": "Amber", "min": 45, "max": 69}, {"name": "Green", "min": 70, "max": 100}]}
                """, null),
            ("IssueAccountReview", "quarterly-review", "The quarter's management review, with the KAM's commentary", account, $$"""
                {"reviewId": "{{Review}}", "commentary": "The 12% framework discount and the maintenance contract are won; the late audit report cost us trust. Next: the service-level renewal."}
                """, null),

            ("ChangeAccountStatus", "at-risk", "The relationship is at risk", account, """
                {"status": "AtRisk", "reason": "A competitor offers lower prices on coated grades."}
                """, null),
            ("ReclassifyKeyAccount", "strategic", "The account becomes strategic", account, """
                {"tier": "Strategic", "reason": "Now one of our five largest customers."}
                """, null),
            ("RenameKeyAccount", "rename", "The customer changed its name", account, """
                {"name": "Nordic Paper Group Oy", "reason": "Merger with its packaging subsidiary."}
                """, null),
            ("CorrectAccountDetails", "segment", "The segment was recorded too narrowly", account, """
                {"segment": "Pulp, paper and packaging", "reason": "The packaging business was left out."}
                """, null),
            ("ChangePersonProfile", "promotion", $"The first KAM is promoted (send to /api/people/{Kam}/profile-changes)", Person(Kam), """
                {"title": "Senior Key Account Manager", "reason": "Promotion."}
                """, null),
            ("VacateAccountManager", "vacancy", "The second KAM leaves the account; nobody has taken over yet", account, """
                {"reason": "Mikko moves to the export team."}
                """, null),
            ("RecordPersonDeparture", "departure", $"The second KAM leaves the company (send to /api/people/{SecondKam}/departure)", Person(SecondKam), $$"""
                {"leftOn": "{{On(0)}}", "reason": "Moved to a competitor."}
                """, null),
            ("EndKeyAccountDesignation", "end", "The account is no longer a key account", account, """
                {"reason": "Merged into the Nordic Paper Group strategic account."}
                """, null),
            ("EraseStakeholderPersonalData", "erasure", "Erase the former production manager's personal data (works on ended accounts)", With("stakeholderId", ProductionManager), """
                {"reason": "Erasure request GDPR-2026-041"}
                """, null),
        };

        return [.. steps.Select((s, i) => new Step(i + 1, s.Operation, s.Name, s.Summary, s.Path, (JsonObject)JsonNode.Parse(s.Body)!, s.From))];
    }
}
