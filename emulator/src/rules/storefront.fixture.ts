// A realistic ruleset in the shape issue 5 asks the emulator to enforce: owner-only orders, admin claims,
// validated fields with hasOnly/affectedKeys, and getAfter across a batch.
export const STOREFRONT = `rules_version = '2';

service cloud.firestore {
  match /databases/{database}/documents {
    function signedIn() {
      return request.auth != null;
    }
    function isAdmin() {
      return signedIn() && request.auth.token.admin == true;
    }
    function owns(data) {
      return signedIn() && data.ownerId == request.auth.uid;
    }
    function changedOnly(fields) {
      return request.resource.data.diff(resource.data).affectedKeys().hasOnly(fields);
    }

    match /products/{productId} {
      allow read: if true;
      allow create: if isAdmin()
        && request.resource.data.keys().hasOnly(['name', 'priceCents', 'stock', 'tags'])
        && request.resource.data.name is string
        && request.resource.data.name.size() > 0 && request.resource.data.name.size() <= 120
        && request.resource.data.priceCents is int && request.resource.data.priceCents >= 0
        && (!('tags' in request.resource.data) || request.resource.data.tags is list);
      allow update: if isAdmin() && changedOnly(['priceCents', 'stock'])
        && request.resource.data.stock >= 0 && request.resource.data.stock <= 100000;
      allow delete: if false;
    }

    match /orders/{orderId} {
      allow get: if owns(resource.data) || isAdmin();
      // Rules are not filters: the query must carry ownerId == uid.
      allow list: if signedIn() && (resource.data.ownerId == request.auth.uid || isAdmin());
      allow create: if owns(request.resource.data)
        && request.resource.data.status == 'pending'
        && request.resource.data.createdAt == request.time
        && getAfter(/databases/$(database)/documents/payments/$(orderId)).data.orderId == orderId;
      allow update: if owns(resource.data)
        && changedOnly(['status'])
        && request.resource.data.status in ['cancelled']
        && resource.data.status == 'pending';
      allow delete: if isAdmin();

      match /items/{itemId} {
        allow read: if owns(get(/databases/$(database)/documents/orders/$(orderId)).data);
        allow write: if false;
      }
    }

    match /payments/{paymentId} {
      allow create: if existsAfter(/databases/$(database)/documents/orders/$(paymentId))
        && request.resource.data.amountCents is int
        && request.resource.data.amountCents > 0;
      allow read, update, delete: if false;
    }

    match /reservations/{reservationId} {
      // Only Cloud Functions (Admin SDK, which bypasses rules) write stock reservations.
      allow read: if isAdmin();
      allow write: if false;
    }

    match /users/{uid} {
      function profileValid(d) {
        let keys = d.keys();
        let name = d.get('displayName', '');
        return keys.hasOnly(['displayName', 'email', 'createdAt'])
          && name is string && name.size() < 64
          && (!('email' in d) || d.email.matches('^[^@]+@[^@]+\\\\.[a-z]+$'));
      }
      allow read: if request.auth.uid == uid || isAdmin();
      allow create: if request.auth.uid == uid && profileValid(request.resource.data);
      allow update: if request.auth.uid == uid && profileValid(request.resource.data)
        && request.resource.data.createdAt == resource.data.createdAt;
    }

    match /{path=**}/reviews/{reviewId} {
      allow read: if true;
      allow create: if signedIn() && request.resource.data.rating in [1, 2, 3, 4, 5]
        && request.time < timestamp.date(2100, 1, 1) && request.time - duration.value(1, 'h') > resource.data.get('last', request.time - duration.value(2, 'h'));
    }
  }
}
`;
